"""The document's hardware: the fallback for a claim whose sentence names no
device (docs/SPEC.md section 2, data/blind/ANNOTATION.md "Hardware").

Each case is a small abstract, the claim text, and the (hardware,
hardware_count) that claim should get. The abstracts are written from
phrasings found in the 104k corpus."""
import pytest

from perfclaims import claims_from_text

CASES = [
    # one catalogued model: it is the default
    ("We run all experiments on an NVIDIA H100 GPU. Our method is 3.1x faster than FlashAttention.",
     "3.1x", ("NVIDIA H100", 1)),
    # a catalogued model and a second class of device the text runs on: no default
    ("We obtain a 2-4x speed-up on an NVIDIA RTX 4090 GPU and a 2-5x speed-up on CPU inference. "
     "Quality drops by only 1.5 dB.", "1.5 dB", (None, None)),
    ("It reaches 61 fps on an NVIDIA GeForce RTX 2080 Ti GPU. The fastest version runs at 111 fps on NVIDIA "
     "Jetson AGX while keeping accuracy. It is 2.1x faster than the baseline.", "2.1x", (None, None)),
    # device words that only discuss hardware do not count
    ("Unlike CPUs, the encryption module lacks prior knowledge. Our experiments on NVIDIA H100 GPU show "
     "that our system incurs a modest overhead. It is 1.8x faster than the unpipelined system.",
     "1.8x", ("NVIDIA H100", None)),
    ("Most methods require a high-end GPU for acceleration. Our network runs in real time, e.g. 18.04ms "
     "(iPhone 13) per image. It saves 15x storage compared with MobileNeRF.", "15x", ("Apple iPhone 13", 1)),
    # "edge devices" is an umbrella, not a second device
    ("Deployment on edge devices is hard. Our accelerator on the AMD Versal VCK190 achieves 1.1 TOPS. "
     "It is 3.2x faster than the FP16 design.", "3.2x", ("AMD Versal VCK190", None)),
    # the noun of a mention is not a second device
    ("A network deployed on a Cortex-M0 microcontroller classifies signals. It cuts latency by 40%.",
     "40%", ("Arm Cortex-M0", 1)),
    # a system-on-chip holds its own GPU and NPU
    ("We benchmark on the Snapdragon X Elite, on its integrated GPU and on its NPU. "
     "Retrieval is 9.1x faster than the baseline.", "9.1x", ("Qualcomm Snapdragon X Elite", 1)),
    # no catalogued model, one counted generic device: its count, no name
    ("Our model renders at 200 FPS on a single consumer GPU. It is 3000 times faster than NeRF.",
     "3000 times", (None, 1)),
    # a counted CPU likewise ("over 72 FPS on a single CPU", a phrasing of the corpus)
    ("Our detector operates at over 72 FPS on a single CPU, making it suitable for embedded systems.",
     "72 FPS", (None, 1)),
    ("The pipeline processes 180,000 models in under six hours on 8 CPUs.", "six hours", (None, 8)),
    # ... unless the text also runs on another class of device
    ("Training takes a day on a single GPU. Inference on a smartphone takes 30 ms. It is 5x faster.",
     "5x", (None, None)),
    # one device of a class the catalog has no model for, with an article: count 1, here and as
    # the document's default ("a/an/one/single GPU" has count 1; so has a laptop or an FPGA)
    ("The detector runs at 36.4 fps on a low-power onboard computer. It is 3.78 times faster than RANSAC.",
     "3.78 times", (None, 1)),
    ("It runs entirely on a single laptop, with a latency of 350 ms.", "350 ms", (None, 1)),
    ("Our controller reduces per-frame energy by 4x on a battery-powered laptop.", "4x", (None, 1)),
    # ... not a machine of unknown chips, an uncatalogued model, a compound, or a device named after it
    ("We index the corpus in 50 days with a single 128-core CPU node.", "50 days", (None, None)),
    ("The model runs in 45 ms on a GTX 960 GPU.", "45 ms", (None, None)),
    ("Users record the object with a smartphone camera; reconstruction takes 3 minutes.", "3 minutes",
     (None, None)),
    ("It runs at 12 FPS on a commodity smartphone (Qualcomm Snapdragon 7 Gen 1).", "12 FPS",
     ("Qualcomm Snapdragon 7 Gen 1", 1)),
    # ... and it is a second device beside a catalogued one of another class
    ("It reaches over 180 FPS on a desktop PC and 24 FPS on a standalone Meta Quest 3. The model is 10x smaller.",
     "10x", (None, None)),
    ("It reaches over 180 FPS on a desktop PC and 24 FPS on a standalone Meta Quest 3. The model is 10x smaller.",
     "24 FPS", ("Meta Quest 3", None)),
    # two different counts: no single default count
    ("Pretraining uses 64 GPUs and finetuning uses 8 GPUs. Accuracy improves by 3.5%.", "3.5%", (None, None)),
    # a count in a baseline phrase is the baseline's
    ("Our model on one GPU is 2.5x faster than the baseline on 8 GPUs. Memory drops by 40%.",
     "40%", (None, 1)),
]


@pytest.mark.parametrize("text,claim,expected", CASES, ids=[c for _, c, _ in CASES])
def test_document_hardware(text, claim, expected):
    rows = claims_from_text(text).to_dict("records")
    hit = [r for r in rows if r["text"] == claim]
    assert hit, f"{claim!r} not extracted from {text!r}: {[r['text'] for r in rows]}"
    row = hit[0]
    got = tuple(None if v is None or v != v else v for v in (row["hardware"], row["hardware_count"]))
    assert got == expected, row


SENTENCE_CASES = [
    # the claim's own run phrase names an uncatalogued device of another class: not the sentence's model
    ("We demonstrate that it runs at 42 FPS on an NVIDIA A100 and at 20 FPS on an NVIDIA Jetson edge device.",
     "20 FPS", (None, 1)),
    ("The inference time is 8.1 ms per page on a T4 GPU and 14.5 ms on a CPU.", "14.5 ms", (None, 1)),
    ("We obtain a 2-4x speed-up on an NVIDIA RTX 4090 GPU and a 2-5x speed-up on CPU inference.",
     "2-5x", (None, None)),
    ("We obtain a 2-4x speed-up on an NVIDIA RTX 4090 GPU and a 2-5x speed-up on CPU inference.",
     "2-4x", ("NVIDIA GeForce RTX 4090", 1)),
    # ... but the same class, a name right after it, or the name itself keep the model
    ("Our model runs on a Jetson Orin. It generates at 10 s/image on edge GPUs.", "10 s/image",
     ("NVIDIA Jetson Orin", 1)),
    ("It reaches 124 tokens per second on a consumer GPU (RTX 4090).", "124 tokens per second",
     ("NVIDIA GeForce RTX 4090", 1)),
    ("With an inference time of just 7.3 ms on the low-cost Raspberry Pi 5, it runs efficiently.", "7.3 ms",
     ("Raspberry Pi 5", 1)),
    # "on X" right after a claim beats a nearer mention before it; inside a baseline phrase too
    ("Our method attains 2.4x speedup on H100 and 1.9x on A100, and 1.5x on RTX 4090.", "1.5x",
     ("NVIDIA GeForce RTX 4090", None)),
    ("We achieve 1,200 tokens/s on an H100, compared to 800 tokens/s on an A100.", "800 tokens/s",
     ("NVIDIA A100", 1)),
    # a per-device rate is one device's
    ("The throughput reaches 450 tokens/s per GPU on 8 H100 GPUs.", "450 tokens/s", ("NVIDIA H100", 1)),
    ("We sustain 41.4 TFlops/GPU on 1024 H100s.", "41.4 TFlops", ("NVIDIA H100", 1)),
    ("Training uses 40 GB/GPU on 8 A100s.", "40 GB", ("NVIDIA A100", 1)),
]


@pytest.mark.parametrize("text,claim,expected", SENTENCE_CASES, ids=[c for _, c, _ in SENTENCE_CASES])
def test_claims_own_run_phrase(text, claim, expected):
    test_document_hardware(text, claim, expected)
