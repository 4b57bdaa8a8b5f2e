"""Case-table tests for the hardware catalog and mention recognizer (extract/hardware.py)."""
from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings, strategies as st

from perfclaims import hardware
from perfclaims.hardware import (CatalogError, canonical_names, catalog, find_hardware, lookup,
                              validate_catalog)


def got(text: str) -> list[tuple]:
    return [(m.name, m.count, m.text) for m in find_hardware(text)]


# (text, [(name, count, mention_text), ...])
POSITIVES = [
    # --- the seed corpus phrasings
    ("Confidential computing on GPUs, like NVIDIA H100, mitigates",
     [("NVIDIA H100", None, "NVIDIA H100")]),
    ("Our experiments on NVIDIA H100 GPU show", [("NVIDIA H100", None, "NVIDIA H100 GPU")]),
    ("fitting on a single NVIDIA H100 GPU while", [("NVIDIA H100", 1, "a single NVIDIA H100 GPU")]),
    ("requires at least four NVIDIA H100 80GB GPUs, whereas",
     [("NVIDIA H100", 4, "four NVIDIA H100 80GB GPUs")]),
    ("in just 2 seconds on an Nvidia H100 GPU", [("NVIDIA H100", 1, "an Nvidia H100 GPU")]),
    ("NVIDIA's H100 GPU, which introduces", [("NVIDIA H100", None, "NVIDIA's H100 GPU")]),
    ("NVidia H100", [("NVIDIA H100", None, "NVidia H100")]),
    ("for both NVIDIA H100/A100 and Huawei 910B.",
     [("NVIDIA H100", None, "NVIDIA H100"), ("NVIDIA A100", None, "A100"),
      ("Huawei Ascend 910B", None, "Huawei 910B")]),
    ("on two AI accelerators: the NVIDIA H100 and Intel Gaudi 2.",
     [("NVIDIA H100", None, "NVIDIA H100"), ("Intel Gaudi 2", None, "Intel Gaudi 2")]),
    ("targets the Intel Data Center GPU Max 1550. To",
     [("Intel Data Center GPU Max 1550", None, "Intel Data Center GPU Max 1550")]),
    ("on the Intel Max 1550", [("Intel Data Center GPU Max 1550", None, "Intel Max 1550")]),
    ("Intel Gaudi NPUs as an alternative", [("Intel Gaudi", None, "Intel Gaudi NPUs")]),
    ("compare Intel Gaudi-2 with NVIDIA A100",
     [("Intel Gaudi 2", None, "Intel Gaudi-2"), ("NVIDIA A100", None, "NVIDIA A100")]),
    ("on a single DGX H100 with 8 GPUs when", [("NVIDIA H100", 8, "a single DGX H100 with 8 GPUs")]),
    ("on Nvidia DGX-H100 GPUs", [("NVIDIA H100", 8, "Nvidia DGX-H100 GPUs")]),
    ("on a single NVIDIA DGX-2 node", [("NVIDIA V100", 16, "a single NVIDIA DGX-2")]),
    ("approximating the DGX-A100 while", [("NVIDIA A100", 8, "DGX-A100")]),
    ("It requires 800 NVIDIA V100 GPUs just", [("NVIDIA V100", 800, "800 NVIDIA V100 GPUs")]),
    ("25 petaflops on 512 NVIDIA V100 GPUs(40% of peak)",
     [("NVIDIA V100", 512, "512 NVIDIA V100 GPUs")]),
    ("inference on 4timesRTX 3090 (24G) or 8timesRTX 2080 Ti (11G) GPUs",
     [("NVIDIA GeForce RTX 3090", 4, "4timesRTX 3090 (24G)"),
      ("NVIDIA GeForce RTX 2080 Ti", 8, "8timesRTX 2080 Ti (11G) GPUs")]),
    ("Nvidia V100 GPU and Intel Xeon CPU, respectively",
     [("NVIDIA V100", None, "Nvidia V100 GPU"), ("Intel Xeon", None, "Intel Xeon CPU")]),
    ("the Fire-Flyer 2 with 10,000 PCIe A100 GPUs, achieved",
     [("NVIDIA A100", 10000, "10,000 PCIe A100 GPUs")]),
    ("32FPS at 1080P resolution with an RTX 3060 GPU, while",
     [("NVIDIA GeForce RTX 3060", 1, "an RTX 3060 GPU")]),
    ("4K at 76 FPS on an Nvidia GTX 1080Ti GPU.",
     [("NVIDIA GeForce GTX 1080 Ti", 1, "an Nvidia GTX 1080Ti GPU")]),
    ("18.04ms (iPhone 13) for rendering", [("Apple iPhone 13", 1, "iPhone 13")]),
    ("on NVIDIA Tesla-P100 GPUs.", [("NVIDIA P100", None, "NVIDIA Tesla-P100 GPUs")]),
    ("above 100 FPS on Nvidia Jetson Xavier board",
     [("NVIDIA Jetson Xavier", 1, "Nvidia Jetson Xavier board")]),
    ("it surpasses eight NVIDIA A100s compared to one GPU",
     [("NVIDIA A100", 8, "eight NVIDIA A100s"), (None, 1, "one GPU")]),
    ("on a consumer GPU RTX 4090 with", [("NVIDIA GeForce RTX 4090", 1, "a consumer GPU RTX 4090")]),
    ("on a high-end consumer GPU.", [(None, 1, "a high-end consumer GPU")]),
    # --- counts
    ("trained on 8xH100 nodes", [("NVIDIA H100", 8, "8xH100")]),
    ("8x H100", [("NVIDIA H100", 8, "8x H100")]),
    ("8×A100", [("NVIDIA A100", 8, "8×A100")]),
    ("8 x A100", [("NVIDIA A100", 8, "8 x A100")]),
    (r"on $8\times$A100 GPUs", [("NVIDIA A100", 8, r"8\times$A100 GPUs")]),
    (r"with 4 $\times$ Nvidia H200 GPUs", [("NVIDIA H200", 4, r"4 $\times$ Nvidia H200 GPUs")]),
    ("48xGH200, 8xH200 GPUs", [("NVIDIA GH200", 48, "48xGH200"), ("NVIDIA H200", 8, "8xH200 GPUs")]),
    ("a single GPU", [(None, 1, "a single GPU")]),
    ("A Single GPU", [(None, 1, "A Single GPU")]),
    ("with 8 GPUs", [(None, 8, "8 GPUs")]),
    ("a standard 8-GPU machine", [(None, 8, "8-GPU")]),
    ("a single A100", [("NVIDIA A100", 1, "a single A100")]),
    ("an A100 GPU", [("NVIDIA A100", 1, "an A100 GPU")]),
    ("two H100 GPUs", [("NVIDIA H100", 2, "two H100 GPUs")]),
    ("dual A40 GPUs", [("NVIDIA A40", 2, "dual A40 GPUs")]),
    ("1,024 A100 GPUs", [("NVIDIA A100", 1024, "1,024 A100 GPUs")]),
    ("a cluster of 64 A100s", [("NVIDIA A100", 64, "64 A100s")]),
    ("sixty-four V100 GPUs", [("NVIDIA V100", 64, "sixty-four V100 GPUs")]),
    ("DGX H100", [("NVIDIA H100", 8, "DGX H100")]),
    ("2 DGX H100 nodes", [("NVIDIA H100", 16, "2 DGX H100")]),
    ("a DGX-1", [("NVIDIA V100", 8, "a DGX-1")]),
    ("H100 GPUs", [("NVIDIA H100", None, "H100 GPUs")]),
    ("A100 x 8", [("NVIDIA A100", 8, "A100 x 8")]),
    ("8 GPUs (A100)", [("NVIDIA A100", 8, "8 GPUs (A100")]),
    ("an eight GPU A800 cluster", [("NVIDIA A800", 8, "eight GPU A800")]),
    ("an 8 A800-GPU machine", [("NVIDIA A800", 8, "8 A800-GPU")]),
    ("on a Hopper GPU", [(None, 1, "a Hopper GPU")]),
    ("on a GPU, for", [(None, 1, "a GPU")]),
    ("On a single A100 node (8 GPUs), it", [("NVIDIA A100", 8, "A100 node (8 GPUs")]),
    ("trained on 4 nodes with 8 A100 GPUs each", [("NVIDIA A100", 8, "8 A100 GPUs")]),
    ("an A100 server", [("NVIDIA A100", None, "A100")]),
    # a TPU slice's size is in cores or chips by generation: no count ("a" is the slice)
    ("on a TPUv3-8", [("Google TPU v3", None, "a TPUv3-8")]),
    ("on a TPU v4-128 slice", [("Google TPU v4", None, "a TPU v4-128")]),
    # a count hyphen-joined to the model before a system noun is the system's chip count
    ("with 8-V100 machine takes", [("NVIDIA V100", 8, "8-V100")]),
    ("on a single 8-A100 node", [("NVIDIA A100", 8, "8-A100")]),
    ("on 4 A100 nodes", [("NVIDIA A100", None, "A100")]),
    # that many systems of that many chips; a label's number is not a count of systems
    ("with eight 8×V100 servers", [("NVIDIA V100", 64, "eight 8×V100")]),
    ("on two 8-A100 nodes", [("NVIDIA A100", 16, "two 8-A100")]),
    ("Table 3 8xH100 nodes", [("NVIDIA H100", 8, "8xH100")]),
    ("in 2024 8xH100 nodes were used", [("NVIDIA H100", 8, "8xH100")]),
    # where the device was hired stands between article and name
    ("a Lambda H100 SXM5", [("NVIDIA H100", 1, "a Lambda H100 SXM5")]),
    ("measured on a rented H100", [("NVIDIA H100", 1, "a rented H100")]),
    ("on a Colab T4 GPU", [("NVIDIA T4", 1, "a Colab T4 GPU")]),
    ("on an Azure A100 instance", [("NVIDIA A100", None, "A100")]),
    ("an A100-based cluster", [("NVIDIA A100", None, "A100")]),
    ("282 H800 GPU hours", [("NVIDIA H800", None, "H800 GPU")]),
    ("In 2024 H100 GPUs were scarce", [("NVIDIA H100", None, "H100 GPUs")]),
    ("more than one GPU", []),
    # --- spelling variants
    ("RTX5090", [("NVIDIA GeForce RTX 5090", None, "RTX5090")]),
    ("RTX 5090", [("NVIDIA GeForce RTX 5090", None, "RTX 5090")]),
    ("RTX-5090", [("NVIDIA GeForce RTX 5090", None, "RTX-5090")]),
    ("NVIDIA GeForce RTX 4090", [("NVIDIA GeForce RTX 4090", None, "NVIDIA GeForce RTX 4090")]),
    ("GTX 1080 Ti", [("NVIDIA GeForce GTX 1080 Ti", None, "GTX 1080 Ti")]),
    ("GTX 1080Ti", [("NVIDIA GeForce GTX 1080 Ti", None, "GTX 1080Ti")]),
    ("a 1080-Ti", [("NVIDIA GeForce GTX 1080 Ti", 1, "a 1080-Ti")]),
    ("on 3090 GPUs", [("NVIDIA GeForce RTX 3090", None, "3090 GPUs")]),
    ("RTX 4070 Ti SUPER", [("NVIDIA GeForce RTX 4070 Ti SUPER", None, "RTX 4070 Ti SUPER")]),
    ("RTX 4070 Super", [("NVIDIA GeForce RTX 4070 SUPER", None, "RTX 4070 Super")]),
    ("the A100-80GB", [("NVIDIA A100", None, "A100-80GB")]),
    ("A100 80GB", [("NVIDIA A100", None, "A100 80GB")]),
    ("A100-SXM4-40GB", [("NVIDIA A100", None, "A100-SXM4-40GB")]),
    ("H100 SXM5", [("NVIDIA H100", None, "H100 SXM5")]),
    ("H100 PCIe", [("NVIDIA H100", None, "H100 PCIe")]),
    ("NVIDIA A100 Tensor Core GPU", [("NVIDIA A100", None, "NVIDIA A100 Tensor Core GPU")]),
    ("A100s", [("NVIDIA A100", None, "A100s")]),
    ("an NVIDIA L40s GPU", [("NVIDIA L40S", 1, "an NVIDIA L40s GPU")]),
    ("four L40s", [("NVIDIA L40", 4, "four L40s")]),
    ("Titan X", [("NVIDIA GeForce GTX Titan X", None, "Titan X")]),
    ("TITAN Xp", [("NVIDIA Titan Xp", None, "TITAN Xp")]),
    ("Titan RTX", [("NVIDIA Titan RTX", None, "Titan RTX")]),
    ("RTX A6000", [("NVIDIA RTX A6000", None, "RTX A6000")]),
    ("RTX 6000 Ada", [("NVIDIA RTX 6000 Ada", None, "RTX 6000 Ada")]),
    # one phone SoC or edge board, named in the singular, is one device; a plural is not
    ("deployed on the MediaTek Dimensity 9300 processor",
     [("MediaTek Dimensity 9300", 1, "MediaTek Dimensity 9300 processor")]),
    ("on Jetson Orin Nano.", [("NVIDIA Jetson Orin Nano", 1, "Jetson Orin Nano")]),
    ("on Jetson Orin Nano devices", [("NVIDIA Jetson Orin Nano", None, "Jetson Orin Nano devices")]),
    ("a Raspberry Pi 5 cluster", [("Raspberry Pi 5", None, "Raspberry Pi 5")]),
    ("on the H100", [("NVIDIA H100", None, "H100")]),   # a GPU may be one of many
    # "RTX 6000" alone names no generation: as written, not the 2018 Quadro
    ("an NVIDIA RTX 6000 GPU", [("NVIDIA RTX 6000", 1, "an NVIDIA RTX 6000 GPU")]),
    ("a Quadro RTX 6000", [("NVIDIA Quadro RTX 6000", 1, "a Quadro RTX 6000")]),
    ("Quadro RTX 8000", [("NVIDIA Quadro RTX 8000", None, "Quadro RTX 8000")]),
    ("Tesla K80", [("NVIDIA K80", None, "Tesla K80")]),
    ("B200 GPUs", [("NVIDIA B200", None, "B200 GPUs")]),
    ("GB200 NVL72", [("NVIDIA GB200", None, "GB200 NVL72")]),
    ("GH200 Grace Hopper Superchip", [("NVIDIA GH200", None, "GH200"),
                                      ("NVIDIA GH200", None, "Grace Hopper Superchip")]),
    ("H20 GPUs", [("NVIDIA H20", None, "H20 GPUs")]),
    ("A10G", [("NVIDIA A10G", None, "A10G")]),
    ("NVIDIA DGX Spark", [("NVIDIA GB10", 1, "NVIDIA DGX Spark")]),
    # --- edge / mobile
    ("Jetson Nano", [("NVIDIA Jetson Nano", 1, "Jetson Nano")]),
    ("Jetson TX2", [("NVIDIA Jetson TX2", 1, "Jetson TX2")]),
    ("Jetson AGX Xavier", [("NVIDIA Jetson Xavier", 1, "Jetson AGX Xavier")]),
    ("Xavier NX", [("NVIDIA Jetson Xavier NX", 1, "Xavier NX")]),
    ("an NVIDIA Jetson AGX Orin", [("NVIDIA Jetson AGX Orin", 1, "an NVIDIA Jetson AGX Orin")]),
    ("Jetson Orin NX", [("NVIDIA Jetson Orin NX", 1, "Jetson Orin NX")]),
    ("Jetson Orin Nano Super", [("NVIDIA Jetson Orin Nano", 1, "Jetson Orin Nano Super")]),
    ("Raspberry Pi 4 and Raspberry Pi 5",
     [("Raspberry Pi 4", 1, "Raspberry Pi 4"), ("Raspberry Pi 5", 1, "Raspberry Pi 5")]),
    ("Raspberry Pi 4B", [("Raspberry Pi 4", 1, "Raspberry Pi 4B")]),
    ("iPhone 15 Pro Max", [("Apple iPhone 15 Pro Max", 1, "iPhone 15 Pro Max")]),
    ("an iPhone 12 Pro", [("Apple iPhone 12 Pro", 1, "an iPhone 12 Pro")]),
    ("Pixel 6", [("Google Pixel 6", 1, "Pixel 6")]),
    ("a Pixel 3 smartphone", [("Google Pixel 3", 1, "a Pixel 3 smartphone")]),
    ("Samsung Galaxy S24 Ultra", [("Samsung Galaxy S24 Ultra", 1, "Samsung Galaxy S24 Ultra")]),
    ("Snapdragon 8 Gen 3", [("Qualcomm Snapdragon 8 Gen 3", 1, "Snapdragon 8 Gen 3")]),
    ("Qualcomm Snapdragon 888", [("Qualcomm Snapdragon 888", 1, "Qualcomm Snapdragon 888")]),
    ("Apple M2 Ultra", [("Apple M2 Ultra", None, "Apple M2 Ultra")]),
    ("M3 Max", [("Apple M3 Max", None, "M3 Max")]),
    ("Apple M1", [("Apple M1", None, "Apple M1")]),
    ("an M1 MacBook", [("Apple M1", 1, "an M1")]),
    ("A14 Bionic", [("Apple A14 Bionic", 1, "A14 Bionic")]),
    # --- other vendors
    ("AMD MI300X and MI250", [("AMD Instinct MI300X", None, "AMD MI300X"),
                              ("AMD Instinct MI250", None, "MI250")]),
    ("AMD Instinct MI355X", [("AMD Instinct MI355X", None, "AMD Instinct MI355X")]),
    ("Radeon RX 7900 XTX", [("AMD Radeon RX 7900 XTX", None, "Radeon RX 7900 XTX")]),
    ("Gaudi3", [("Intel Gaudi 3", None, "Gaudi3")]),
    ("Intel Arc A770", [("Intel Arc A770", None, "Intel Arc A770")]),
    ("Intel Xeon Gold", [("Intel Xeon", None, "Intel Xeon")]),
    ("AMD EPYC", [("AMD EPYC", None, "AMD EPYC")]),
    ("Intel Core i9", [("Intel Core i9", None, "Intel Core i9")]),
    ("TPU v4", [("Google TPU v4", None, "TPU v4")]),
    ("TPUv5e", [("Google TPU v5e", None, "TPUv5e")]),
    ("TPU-v3", [("Google TPU v3", None, "TPU-v3")]),
    ("512 TPU v4 chips", [("Google TPU v4", 512, "512 TPU v4 chips")]),
    ("v4 TPUs", [("Google TPU v4", None, "v4 TPUs")]),
    ("Trillium TPUs", [("Google TPU v6e", None, "Trillium TPUs")]),
    ("Ascend 910B NPUs", [("Huawei Ascend 910B", None, "Ascend 910B NPUs")]),
    ("Huawei Ascend 310", [("Huawei Ascend 310", None, "Huawei Ascend 310")]),
    ("AWS Trainium2", [("AWS Trainium2", None, "AWS Trainium2")]),
    # --- ambiguous aliases with context
    ("T4 GPU", [("NVIDIA T4", None, "T4 GPU")]),
    ("NVIDIA T4", [("NVIDIA T4", None, "NVIDIA T4")]),
    ("Tesla T4", [("NVIDIA T4", None, "Tesla T4")]),
    ("8xT4", [("NVIDIA T4", 8, "8xT4")]),
    ("(T4, V100, A800)", [("NVIDIA T4", None, "T4"), ("NVIDIA V100", None, "V100"),
                          ("NVIDIA A800", None, "A800")]),
    ("an L4 GPU", [("NVIDIA L4", 1, "an L4 GPU")]),
    ("on A40 and H200", [("NVIDIA A40", None, "A40"), ("NVIDIA H200", None, "H200")]),
    ("a single NVidia A10 GPU", [("NVIDIA A10", 1, "a single NVidia A10 GPU")]),
    ("M2 hardware", [("Apple M2", None, "M2")]),
]

# a CPU family named with its model number is reported under that model (SPEC:
# "Intel Xeon" only for a CPU named by family); years and core counts are not models
CPU_MODELS = [
    ("on an Intel Core i9-13900K CPU.", [("Intel Core i9-13900K", 1, "an Intel Core i9-13900K")]),
    ("Intel(R) Xeon(R) CPU E5-2690 v3 @ 2.60GHz", [("Intel Xeon E5-2690", None, "Xeon(R) CPU E5-2690 v3")]),
    ("an Intel Xeon CPU E5-2690 v3 @ 2.60GHz", [("Intel Xeon E5-2690", 1, "an Intel Xeon CPU E5-2690 v3")]),
    ("two Xeon Gold 6154 processors", [("Intel Xeon Gold 6154", 2, "two Xeon Gold 6154")]),
    # one core of one CPU: the device count is 1
    ("on a single core of Intel Xeon CPU E5-2690.", [("Intel Xeon E5-2690", 1, "a single core of Intel Xeon CPU E5-2690")]),
    ("run on one core of an Intel Xeon Gold 6248 CPU", [("Intel Xeon Gold 6248", 1, "one core of an Intel Xeon Gold 6248")]),
    ("on a single CPU core of an AMD EPYC 7742", [("AMD EPYC 7742", 1, "a single CPU core of an AMD EPYC 7742")]),
    ("on 8 cores of an Intel Xeon Gold 6248", [("Intel Xeon Gold 6248", 1, "an Intel Xeon Gold 6248")]),
    ("Xeon E5-2680v4 nodes", [("Intel Xeon E5-2680", None, "Xeon E5-2680v4")]),
    ("Intel Xeon Platinum 8480+ CPUs", [("Intel Xeon Platinum 8480+", None, "Intel Xeon Platinum 8480+")]),
    ("a 64-core AMD EPYC 7763 CPU", [("AMD EPYC 7763", None, "AMD EPYC 7763")]),
    ("AMD Ryzen 9 5950X 16-Core Processor", [("AMD Ryzen 9 5950X", None, "AMD Ryzen 9 5950X")]),
    ("an AMD Ryzen Threadripper 3990X", [("AMD Ryzen Threadripper 3990X", 1, "an AMD Ryzen Threadripper 3990X")]),
    ("a Core i7 12700H laptop", [("Intel Core i7-12700H", 1, "a Core i7 12700H")]),
    ("on an Intel Xeon CPU.", [("Intel Xeon", 1, "an Intel Xeon CPU")]),
    ("Xeon 2020 servers", [("Intel Xeon", None, "Xeon")]),        # a year
    ("AMD EPYC 2023 release", [("AMD EPYC", None, "AMD EPYC")]),
    ("8 A100 GPUs and a Xeon 6737P host", [("NVIDIA A100", 8, "8 A100 GPUs"), ("Intel Xeon 6737P", 1, "a Xeon 6737P")]),
]


@pytest.mark.parametrize("text,expected", CPU_MODELS, ids=[t for t, _ in CPU_MODELS])
def test_cpu_model_numbers(text, expected):
    assert got(text) == expected
    for name, _, _ in expected:   # a model is still of its family's class and row
        assert hardware.device_class(name) == hardware.device_class(lookup(name)["name"])


def test_model_number_validation():
    data = hardware._load_toml(hardware.CATALOG_PATH)
    xeon = lambda d: next(r for r in d["hardware"] if r["name"] == "Intel Xeon")   # noqa: E731
    for field, value, message in [("model_number", "(\\d{4}", "model_number"),
                                  ("model_number", "\\d{4}", "group"),
                                  ("model_name", "Intel Xeon", "model_name")]:
        bad = copy.deepcopy(data)
        xeon(bad)[field] = value
        with pytest.raises(CatalogError, match=message):
            validate_catalog(bad)
    bad = copy.deepcopy(data)
    bad["hardware"][0]["model_number"] = "(?P<number>\\d{4})"
    with pytest.raises(CatalogError, match="only CPU families"):
        validate_catalog(bad)


NEGATIVES = [
    "Mixtral 8x7B outperforms",
    "at 1080P resolution",
    "1920x1080 frames",
    "rendering one 1008times756 image at 2Ktimes2K",
    "T5-base and T5-large",
    "the T4 model",
    "by 2080 the climate",
    "the M2 model and M3 baseline",
    "BGE-M3 embeddings",
    "OmniVerifier-M1 provides",
    "MiniMax-M1 enables",
    "levels L0-L4 of autonomy",
    "layers L1--L4",
    "P4 goal preservation",
    "the P100 and P300 components",  # P100 is not ambiguous: see POSITIVES; here only P300 must not match
    "A 100-layer network",
    "a100 samples",
    "the Hopper GPUs",
    "multi-GPU training",
    "GPU-friendly anchors",
    "thousands of GPUs",
    "the ScanNet++ iPhone subset",
    "ERNIE TITAN 3.0 260B",
    "Titan Supercomputer",
    "pixel 4 times larger",
    "CS3 module adapts",
    "by 6 M2 (0.5 GLEU) points",
    "MLG, 1200-1650",
    "Trillium plants",
    "Ascend the ladder",
    "on 6K Ascend NPUs",
    "on NVIDIA Jetson devices",
    "on Apple Silicon",
    "ResNet-V100",
    "This is a GPU data schedule algorithm",
    "we co-design it with a GPU execution path",
    # numbers that are not counts of chips
    "On a GTX 960 GPU, routing overhead",          # an uncatalogued model's number
    "a benchmark spanning 16 GPU domains",          # compound noun
    "from 56 GPU training hours to 3.3 seconds",    # a singular noun after a count above one
    "yields 858 times GPU memory compression",
]


@pytest.mark.parametrize("text,expected", POSITIVES, ids=[t for t, _ in POSITIVES])
def test_positive(text, expected):
    assert got(text) == expected


@pytest.mark.parametrize("text", [t for t in NEGATIVES if "P100" not in t])
def test_negative(text):
    assert got(text) == []


def test_p300_is_not_hardware():
    assert got("the P100 and P300 components") == [("NVIDIA P100", None, "P100")]


def test_offsets_are_into_the_text_as_given():
    text = "We train  on\u00a0eight NVIDIA A100s, then serve on a single GPU."
    ms = find_hardware(text)
    assert [(m.start, m.end) for m in ms] == [(text.index("eight"), text.index(", then")),
                                              (text.index("a single"), len(text) - 1)]
    for m in ms:
        assert text[m.start:m.end] == m.text


def test_non_overlapping_and_ordered():
    text = ("Fuyou fine-tunes GPT-3 on a consumer GPU RTX 4090, achieves 156 TFLOPS on an RTX 4090 GPU "
            "vs 45 TFLOPS on 4xA100 (80GB) and a DGX H100 with 8 GPUs.")
    ms = find_hardware(text)
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))
    assert [(m.name, m.count) for m in ms] == [("NVIDIA GeForce RTX 4090", 1), ("NVIDIA GeForce RTX 4090", 1),
                                               ("NVIDIA A100", 4), ("NVIDIA H100", 8)]


def test_empty_and_plain_text():
    assert find_hardware("") == []
    assert find_hardware("We propose a new attention kernel that is 2x faster.") == []


# ---------------------------------------------------------------- catalog

REQUIRED = [
    "NVIDIA H100", "NVIDIA H200", "NVIDIA H800", "NVIDIA H20", "NVIDIA A100", "NVIDIA A800", "NVIDIA A10",
    "NVIDIA A10G", "NVIDIA A30", "NVIDIA A40", "NVIDIA V100", "NVIDIA P100", "NVIDIA P40", "NVIDIA P4",
    "NVIDIA T4", "NVIDIA K80", "NVIDIA L4", "NVIDIA L40", "NVIDIA L40S", "NVIDIA RTX A6000",
    "NVIDIA RTX A5000", "NVIDIA RTX A4000", "NVIDIA RTX 6000 Ada", "NVIDIA Titan V", "NVIDIA Titan RTX",
    "NVIDIA Titan Xp", "NVIDIA GeForce RTX 4090", "NVIDIA GeForce RTX 3060", "NVIDIA GeForce RTX 5090",
    "NVIDIA GeForce RTX 2080 Ti", "NVIDIA GeForce GTX 1080 Ti", "NVIDIA GeForce GTX 1660 Ti",
    "NVIDIA GeForce RTX 4070", "NVIDIA Jetson Nano", "NVIDIA Jetson TX2", "NVIDIA Jetson Xavier NX",
    "NVIDIA Jetson Xavier", "NVIDIA Jetson Orin Nano", "NVIDIA Jetson Orin NX", "NVIDIA Jetson AGX Orin",
    "NVIDIA B100", "NVIDIA B200", "NVIDIA GB200", "NVIDIA GH200", "AMD Instinct MI100",
    "AMD Instinct MI210", "AMD Instinct MI250", "AMD Instinct MI250X", "AMD Instinct MI300A",
    "AMD Instinct MI300X", "AMD Instinct MI325X", "AMD Instinct MI355X", "AMD Radeon RX 7900 XTX",
    "Intel Gaudi", "Intel Gaudi 2", "Intel Gaudi 3", "Intel Data Center GPU Max 1100",
    "Intel Data Center GPU Max 1550", "Intel Arc A770", "Google TPU v2", "Google TPU v3", "Google TPU v4",
    "Google TPU v5e", "Google TPU v5p", "Google TPU v6e", "Huawei Ascend 910", "Huawei Ascend 910B",
    "Huawei Ascend 310", "Apple M1", "Apple M2 Max", "Apple M3 Pro", "Apple M4", "Apple iPhone 11",
    "Apple iPhone 13", "Apple iPhone 16 Pro", "Qualcomm Snapdragon 8 Gen 1", "Qualcomm Snapdragon 8 Gen 2",
    "Qualcomm Snapdragon 8 Gen 3", "Qualcomm Snapdragon 888", "Qualcomm Snapdragon 865",
    "Google Pixel 7", "Samsung Galaxy S23", "Raspberry Pi 4", "Raspberry Pi 5", "Intel Xeon", "AMD EPYC",
    "AMD Ryzen", "Intel Core i7", "Intel Core i9",
]


def test_required_coverage():
    missing = [n for n in REQUIRED if n not in canonical_names()]
    assert not missing


def test_every_catalog_entry_is_found_from_its_first_alias():
    failures = []
    for row in catalog():
        aliases = row.get("aliases", []) + row.get("ambiguous_aliases", [])
        first = aliases[0]
        # ambiguous aliases need context: give them their vendor
        text = f"on the {row['vendor']} {first} today" if not row.get("aliases") else f"on the {first} today"
        expected = row.get("chip", row["name"])
        names = [m.name for m in find_hardware(text)]
        if names != [expected]:
            failures.append((row["name"], text, names))
    assert not failures


def test_catalog_validates_and_aliases_are_unique():
    data = hardware._load_toml(hardware.CATALOG_PATH)
    validate_catalog(data)
    owner = {}
    for row in data["hardware"]:
        for a in row.get("aliases", []) + row.get("ambiguous_aliases", []):
            k = hardware._alias_key(a)
            assert owner.setdefault(k, row["name"]) == row["name"], (a, owner[k], row["name"])
    kinds = {row["kind"] for row in data["hardware"]}
    assert kinds <= hardware.KINDS


def test_short_aliases_are_marked_ambiguous():
    """Aliases of <= 2 characters or made only of digits need context (convention of the data)."""
    for row in catalog():
        for a in row.get("aliases", []):
            k = hardware._alias_key(a)
            assert len(k) > 2, (row["name"], a)
            assert not k.isdigit(), (row["name"], a)


def test_validation_rejects_conflicts():
    data = hardware._load_toml(hardware.CATALOG_PATH)
    bad = copy.deepcopy(data)
    bad["hardware"][1]["aliases"] = bad["hardware"][1].get("aliases", []) + ["A100"]
    with pytest.raises(CatalogError, match="maps to both"):
        validate_catalog(bad)
    bad = copy.deepcopy(data)
    bad["hardware"].append(copy.deepcopy(bad["hardware"][0]))
    with pytest.raises(CatalogError, match="duplicate canonical name"):
        validate_catalog(bad)
    bad = copy.deepcopy(data)
    bad["hardware"][0]["kind"] = "gpu"
    with pytest.raises(CatalogError, match="kind"):
        validate_catalog(bad)
    bad = copy.deepcopy(data)
    sysrow = next(r for r in bad["hardware"] if r.get("chip"))
    sysrow["chip"] = "NVIDIA Nonexistent"
    with pytest.raises(CatalogError, match="unknown chip"):
        validate_catalog(bad)
    bad = copy.deepcopy(data)
    bad["hardware"][0]["aliases"] = bad["hardware"][0].get("aliases", []) + ["(Z9 Turbo)"]
    with pytest.raises(CatalogError, match="must start with a letter or digit"):
        validate_catalog(bad)
    bad = copy.deepcopy(data)
    bad["matching"]["modifiers"] = bad["matching"].get("modifiers", []) + ["(overclocked"]
    with pytest.raises(CatalogError, match="'\\(overclocked' must start with a letter or digit"):
        validate_catalog(bad)


def test_names_are_found_at_every_kind_of_word_start():
    for text in ("A100", "(A100)", "8xA100", "8timesA100", "vs.A100", "an A100 and a H100",
                 "/A100", "x A100", "x\nA100", "\u00e9 A100"):
        text = text.encode().decode("unicode_escape")
        assert [m.name for m in find_hardware(text) if m.name] in (["NVIDIA A100"], ["NVIDIA A100", "NVIDIA H100"]), text
    assert not [m for m in find_hardware("xA100 and TA100s") if m.name]   # inside words
    assert not [m for m in find_hardware("an on-A100 run") if m.name]    # a hyphen compound


def test_systems_map_to_chips():
    for alias, chip, n in [("DGX H100", "NVIDIA H100", 8), ("DGX A100", "NVIDIA A100", 8),
                           ("DGX-2", "NVIDIA V100", 16), ("DGX-1", "NVIDIA V100", 8)]:
        assert got(alias) == [(chip, n, alias)]


def test_lookup():
    assert lookup("NVIDIA H100")["architecture"] == "Hopper"
    assert lookup("nvidia h100")["name"] == "NVIDIA H100"
    assert lookup("RTX 4090")["name"] == "NVIDIA GeForce RTX 4090"
    assert lookup("no such chip") is None
    assert lookup("NVIDIA DGX H100")["chips"] == 8


def test_catalog_returns_copies():
    rows = catalog()
    rows[0]["name"] = "mutated"
    assert catalog()[0]["name"] != "mutated"


LEFT_PIECES = ["8", "8x", "2 x", "1,024", "eight", "a single", "an", "a", "two", "than", "consumer-grade", "Ada Lovelace",
               "NVIDIA", "NVIDIA's", "Google", "GPU", "GPUs", "(", ")", "-", ",", "on", "with", "80GB", "48 GB", "the",
               "server", "data center", "x", "v2", "3.5", "core", "of", "single", "CPU", "Lambda", "8-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LEFT_PIECES), max_size=8), st.sampled_from(["A100", "H100 GPUs", "RTX 4090", "TPU v4"]),
       st.sampled_from([" ", "", "-", "  "]))
def test_left_extension_tried_at_word_starts_is_the_full_search(pieces, model, sep):
    from perfclaims.hardware import _engine, _left_extension
    eng = _engine()
    text = sep.join(pieces + [model])
    for cm in eng.core_re.finditer(text):
        for lo in range(cm.start() + 1):
            want = eng.left_re.search(text, lo, cm.start())
            got = _left_extension(text, lo, cm.start(), eng)
            assert (got.span(), got.groupdict()) == (want.span(), want.groupdict()), (text, lo)
