// floor.cpp - the floor for steady-state latency: AOTIModelPackageLoader::run
// in a loop with nothing around it (no input checks, no output copies).
// What `inductor bench` adds on top of this is inductor's per-call cost.
//
//   bench-floor [--times FILE] [--duration S] PKG WARMUP ITERATIONS INPUT...
//     INPUT: "1,3,32,32" (a float32 randn input of those dims) or a .npy
//     file (float32 or int64, C order) for models with real inputs.
//     --duration S: run until S seconds have passed and at least 3 calls,
//     ITERATIONS being the most; --times FILE: every call's ms, one a line.
// Prints one JSON line: {"iterations", "p50_ms", "mean_ms", "min_ms"}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
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

// Just enough of the .npy format for the bench's own inputs (numpy.save
// of a C-order little-endian float32 or int64 array).
static at::Tensor load_npy(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    char magic[8];
    if (!f.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
        throw std::runtime_error(path + ": not a .npy file");
    uint32_t hlen = 0;
    unsigned char b[4] = {0, 0, 0, 0};
    if (magic[6] == 1) {
        f.read(reinterpret_cast<char *>(b), 2);
        hlen = b[0] | (b[1] << 8);
    } else {
        f.read(reinterpret_cast<char *>(b), 4);
        hlen = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
    }
    std::string h(hlen, '\0');
    f.read(&h[0], hlen);
    at::ScalarType t;
    if (h.find("'<f4'") != std::string::npos)
        t = at::kFloat;
    else if (h.find("'<i8'") != std::string::npos)
        t = at::kLong;
    else
        throw std::runtime_error(path + ": only float32 and int64 are read");
    if (h.find("'fortran_order': False") == std::string::npos)
        throw std::runtime_error(path + ": not C order");
    auto l = h.find("'shape': ("), r = h.find(')', l);
    if (l == std::string::npos || r == std::string::npos)
        throw std::runtime_error(path + ": no shape");
    std::string dims = h.substr(l + 10, r - l - 10);
    dims.erase(std::remove(dims.begin(), dims.end(), ' '), dims.end());
    auto x = at::empty(parse_dims(dims), at::TensorOptions().dtype(t));
    auto n = static_cast<std::streamsize>(x.nbytes());
    if (!f.read(static_cast<char *>(x.data_ptr()), n))
        throw std::runtime_error(path + ": short data");
    return x;
}

static bool ends_with(const std::string &s, const char *suffix)
{
    size_t n = std::strlen(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

int main(int argc, char **argv)
{
    const char *times_path = nullptr;
    double duration = 0;
    int a = 1;
    for (; a + 1 < argc && std::strncmp(argv[a], "--", 2) == 0; a += 2) {
        if (std::strcmp(argv[a], "--times") == 0)
            times_path = argv[a + 1];
        else if (std::strcmp(argv[a], "--duration") == 0)
            duration = std::atof(argv[a + 1]);
        else
            break;
    }
    if (argc - a < 4) {
        std::fprintf(stderr, "usage: bench-floor [--times FILE] [--duration S] "
                     "PKG WARMUP ITERATIONS INPUT...\n");
        return 2;
    }
    try {
        torch::inductor::AOTIModelPackageLoader loader(argv[a], "model");
        long warmup = std::atol(argv[a + 1]), iters = std::atol(argv[a + 2]);
        if (iters < 1)
            throw std::runtime_error("ITERATIONS must be at least 1");
        std::vector<at::Tensor> in;
        for (int i = a + 3; i < argc; i++)
            in.push_back(ends_with(argv[i], ".npy") ? load_npy(argv[i])
                                                    : at::randn(parse_dims(argv[i])));
        for (long i = 0; i < warmup; i++)
            loader.run(in);
        std::vector<double> ms;
        auto start = std::chrono::steady_clock::now();
        for (long i = 0; i < iters; i++) {
            auto t0 = std::chrono::steady_clock::now();
            auto out = loader.run(in);
            auto t1 = std::chrono::steady_clock::now();
            ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
            if (duration > 0 && ms.size() >= 3 &&
                std::chrono::duration<double>(t1 - start).count() >= duration)
                break;
        }
        if (times_path) {
            FILE *tf = std::fopen(times_path, "w");
            if (!tf)
                throw std::runtime_error(std::string(times_path) + ": cannot write");
            for (double v : ms)
                std::fprintf(tf, "%.6f\n", v);
            std::fclose(tf);
        }
        double sum = 0;
        for (double v : ms)
            sum += v;
        std::sort(ms.begin(), ms.end());
        std::printf("{\"iterations\": %zu, \"p50_ms\": %.6f, \"mean_ms\": %.6f, "
                    "\"min_ms\": %.6f}\n", ms.size(), ms[ms.size() / 2],
                    sum / static_cast<double>(ms.size()), ms[0]);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench-floor: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
