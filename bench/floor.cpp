// floor.cpp - the floor for steady-state latency: AOTIModelPackageLoader::run
// in a loop with nothing around it (no input checks, no output copies).
// What `inductor bench` adds on top of this is inductor's per-call cost.
//
//   bench-floor PKG.pt2 WARMUP ITERATIONS DIMS...   (DIMS: "1,3,32,32",
//                                                     one float32 input each)
// Prints one JSON line: {"iterations", "p50_ms", "mean_ms", "min_ms"}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <torch/csrc/inductor/aoti_package/model_package_loader.h>

static std::vector<int64_t> parse_dims(const std::string &text)
{
    std::vector<int64_t> dims;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
        dims.push_back(std::stoll(item));
    return dims;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: bench-floor PKG WARMUP ITERATIONS DIMS...\n");
        return 2;
    }
    try {
        torch::inductor::AOTIModelPackageLoader loader(argv[1], "model");
        long warmup = std::atol(argv[2]), iters = std::atol(argv[3]);
        std::vector<at::Tensor> in;
        for (int i = 4; i < argc; i++)
            in.push_back(at::randn(parse_dims(argv[i])));
        for (long i = 0; i < warmup; i++)
            loader.run(in);
        std::vector<double> ms(static_cast<size_t>(iters));
        for (long i = 0; i < iters; i++) {
            auto t0 = std::chrono::steady_clock::now();
            auto out = loader.run(in);
            auto t1 = std::chrono::steady_clock::now();
            ms[static_cast<size_t>(i)] =
                std::chrono::duration<double, std::milli>(t1 - t0).count();
        }
        double sum = 0;
        for (double v : ms)
            sum += v;
        std::sort(ms.begin(), ms.end());
        std::printf("{\"iterations\": %ld, \"p50_ms\": %.6f, \"mean_ms\": %.6f, "
                    "\"min_ms\": %.6f}\n", iters, ms[ms.size() / 2],
                    sum / static_cast<double>(ms.size()), ms[0]);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench-floor: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
