#!/usr/bin/env python3
"""KServe's own Python model server over AOTInductor packages, as a KServe
user would write it: a `kserve.Model` whose load() calls
torch._inductor.aoti_load_package and whose predict() runs it on the v2
InferRequest, answering an InferResponse (JSON, or binary outputs when the
request asks for them).  The comparison point of bench/serve_bench.py.

    kserve_model.py KSERVE_PATH PORT NAME=M.pt2...

KSERVE_PATH is a `pip install --target` directory holding kserve and its
dependencies; it is appended to sys.path, after the environment's own
site-packages, so that torch and numpy stay the environment's.
"""
import sys

sys.path.append(sys.argv[1])
# kserve's ModelServer parses the command line when imported: give it none
# of ours.
ARGS, sys.argv[1:] = sys.argv[2:], []

import torch  # noqa: E402
import kserve  # noqa: E402
from kserve import InferOutput, InferRequest, InferResponse  # noqa: E402

V2_DTYPES = {torch.float32: "FP32", torch.float64: "FP64", torch.float16: "FP16",
             torch.int64: "INT64", torch.int32: "INT32", torch.int8: "INT8",
             torch.uint8: "UINT8", torch.bool: "BOOL"}


class AOTIModel(kserve.Model):
    def __init__(self, name, package):
        super().__init__(name)
        self.package = package
        self.runner = None

    def load(self):
        self.runner = torch._inductor.aoti_load_package(self.package)
        self.ready = True
        return self.ready

    def predict(self, payload: InferRequest, headers=None, response_headers=None):
        xs = [torch.from_numpy(i.as_numpy()) for i in payload.inputs]
        with torch.inference_mode():
            ys = self.runner(*xs)
        if isinstance(ys, torch.Tensor):
            ys = [ys]
        binary = payload.use_binary_outputs
        outs = []
        for k, y in enumerate(ys):
            o = InferOutput(name=f"output_{k}", shape=list(y.shape),
                            datatype=V2_DTYPES[y.dtype])
            o.set_data_from_numpy(y.contiguous().numpy(), binary_data=binary)
            outs.append(o)
        return InferResponse(response_id=payload.id or "", model_name=self.name,
                             infer_outputs=outs, use_binary_outputs=binary)


def main():
    port = int(ARGS[0])
    models = []
    for spec in ARGS[1:]:
        name, _, pkg = spec.partition("=")
        m = AOTIModel(name, pkg)
        m.load()
        models.append(m)
    # The v2 REST protocol on PORT; gRPC off (inductor serve has none).
    kserve.ModelServer(http_port=port, enable_grpc=False, workers=1).start(models)


if __name__ == "__main__":
    main()
