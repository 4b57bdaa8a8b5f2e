"""Every pattern the full-text readers and the table rules run on user text
meets 50 KB adversarial runs (digits, separators, capitals, openers) in each
place it reads: a table cell, a header, a caption, a Markdown paragraph, a
LaTeX source, a unarXive record. No timing assertion (the machine is shared):
the timeout catches a blow-up."""
from __future__ import annotations

import pytest

from perfclaims.fulltext.latex import render as render_latex
from perfclaims.fulltext.markdown import markdown_document
from perfclaims.fulltext.s2orc import s2orc_document
from perfclaims.pipeline import extractor

N = 50_000
RUNS = {
    "digits": "7" * N,
    "spaced digits": "123 " * (N // 4),
    "spaced thousands with units": "1 000 000.5 ms 200 000× " * (N // 24),
    "powers of ten as factors": "10^1× 10^{2}\\times 10<sup>3</sup>x 3 x 10^4 times " * (N // 50),
    "scale words in capitals": "3 MILLION FPS 2 Billion " * (N // 24),
    "commas": "1," * (N // 2),
    "decimals": "1." * (N // 2),
    "capitals": "A" * N,
    "capital words": "SPEED " * (N // 6),
    "unit parens": "(ms)" * (N // 4),
    "arrows": "↑↓" * (N // 2),
    "pipes and dashes": "|-" * (N // 2),
    "brackets": "[" * N,
    "braces": "{" * N,
    "backslashes": "\\" * N,
    "markers": "{{cite:" * (N // 7),
    "table words": "Table 1 " * (N // 8),
    "times": "×" * N,
    "setup words": "all latencies were measured on " * (N // 31),
    "model numbers": "Xeon E5-2690 Core i9-" * (N // 21),
    "sub prefixes": "sub-" * (N // 4),
    "at signs": "@ 1 " * (N // 4),
    "thousands suffixes": "18K " * (N // 4),
    "per steps": "Time/ per step " * (N // 15),
    "accelerators": "Accelerators " * (N // 13),
    "parentheses": "1 (" * (N // 3),
    "closing parentheses": "1.0×) " * (N // 6),
    "latex spaces": "1~" * (N // 2),
    "spaced dashes": " -" * (N // 2),
    "marked headers": "Time (s) ↓ " * (N // 11),
    "powers of ten": "1 \\times 10^{" * (N // 13),
    "exponents": "1e" * (N // 2),
    "spaced figures": "1.5 2× " * (N // 7),
    "spaced math": "$1 . 2 \\times \\% " * (N // 16),
    "ranges": "0.3-2.2-" * (N // 8),
    "spelled math": "{ s p d " * (N // 8),
    "units in words": "runtimes are reported in ms " * (N // 28),
    # the prose rules of 2026-12-06
    "metric parentheses": "accuracy (" * (N // 10),
    "metric labels": "F1 (14): " * (N // 9),
    "benchmark percents": "achieves 5% on MMLU " * (N // 20),
    "name lists": ", Triton" * (N // 8),
    "unit letters": "8.4 W. " * (N // 7),
    "shared bounds": "up to 2x and " * (N // 13),
    "parenthesised lists": "(60%, " * (N // 6),
    "halvings": "per halving " * (N // 12),
    "compression conditions": "at a compression ratio of 2x, " * (N // 30),
    "efficiencies": "2x accuracy per watt TOPS/W " * (N // 28),
    "folds": "5-fold cross-validation " * (N // 24),
    "device statements": "results are reported running on an A6000 GPU and an i9-13900K CPU " * (N // 68),
    # the rules of the second session of 2026-12-06
    "unnamed devices": "on a single low-power onboard " * (N // 30),
    "device words": "on a laptop smartphone FPGA dataset " * (N // 36),
    "uncatalogued models": "on a GTX 960 GPU " * (N // 17),
    "cores of devices": "on a single core of a single CPU core of " * (N // 41),
    "hyphen-joined counts": "8-A100 8-V100-8-H100 nodes " * (N // 27),
    "hired devices": "a Lambda Modal RunPod rented Colab " * (N // 35),
    "decimal commas": "12,5% 1,2,3,45 % 1,23%" * (N // 22),
    "systems of counted models": "eight 8×V100 servers 4 8-A100 nodes " * (N // 37),
    "spelled-out math": "$1 2 . 3 \\mathrm { m s }$ $ 1 0 0 { , } 0 0 0 $ 3 0 " * (N // 48),
    "signed changes": "| Δ gain | +4.1% | -2.6% | + 4 . 6 \\% / + 4 . |\n" * (N // 40),
    "scale words": "2.9 million 3 billion million tokens 1 million points " * (N // 53),
    "spec phrases": "with a and 16GB of per-GPU memory per clock cycle 9 TFLOPS theoretical multiply to get 3 TFLOPS " * (N // 97),
    "unit abbreviations": "30 ms. 2 min. " * (N // 14),
    "factor ranges": "by factors of 1.2 to 3-7x " * (N // 26),
    "cost rises": "a 30% increase in latency increases by " * (N // 39),
    "coordinated reductions": "2x and energy savings of " * (N // 25),
    "method names": "Faster-HEAL Faster R-CNN by 2% " * (N // 31),
    "quality figures": "88% sensitivity (95% CI 74.0-86.8%) at 80% precision " * (N // 53),
    "metric names": "mAP@50:95 of 0.7 F1-Score of 0.8 precision of 9 to 12 bits " * (N // 59),
    "metric colons": "mAP@50:" * (N // 7),
    # the rules of the third session of 2026-12-06
    "counted configurations": "across all four configurations Testbed B " * (N // 41),
    "citations": "Tables [4, 5 and 6 & Fig. 3, " * (N // 30),
    "slash lists": "1/2.5/3.25/4/5 ms 0/1% 9.1/8.2 F1 " * (N // 34),
    "colon labels": "(RSNA: mIoU: 76.5% vs. F1-score: a b c: 12% " * (N // 44),
    "retrieval cutoffs": "R@ 5 R@1 = 0.1 MRR@10 (0.2 vs 0.3 nDCG@ Hit@1 0.9 " * (N // 48),
    "versus numbers": "(0.82 vs 0.62 F1 30 vs. 31.4 PPL =70 vs. " * (N // 41),
    "parenthesised factors": "2.08 (1.00x) 0.80 (2.60x) (" * (N // 27),
    "benchmark scores": "achieves 69.6 on AIME-24, 45.7% on MMLU, and +13.0 on GSM8K and " * (N // 66),
    "parenthesised metric names": "area under the curve (AUC) of (MRR) (F1 (AUC) of 0.8 " * (N // 52),
    "from-to levels": "accuracy (from 0.04 to 0.18) from 61.5 to 67.4 mAP from from 1 to " * (N // 68),
    "averaged metric names": "12.99 average $\\mathcal{J}\\&$ 0.7 +/- 0.01 mean IoU " * (N // 50),
    "bold markers": "**" * (N // 2),
    "bold figures": "up to **20x** about **6.1x faster** ***" * (N // 39),
    "citing paragraphs": "\n\nTable 2 shows 2x on an A100. Figure 3: on a T4 " * (N // 49),
    # the cues of the fourth session of 2026-12-06 that no run above holds
    "phrases of the fourth session": ("with 1 dB higher Peak Signal-to-Noise processes a stream at 30 fps 12% slower "
                                      "reduces throughput by 3% capped at 5% Latency/ms # of GPUs main experiments "
                                      "unless otherwise stated GPU-accelerated 3.15G environment steps per second ")
                                     * (N // 229),
    # the fifth session of 2026-12-06: captions marking quoted rows, citations in labels
    "quoted-row marks": "† ‡ $^\\dagger$ \\ddagger marked with † taken from the copied from original reported in [9] "
                        * (N // 86),
    "label citations": "K-Planes† [40, 41] [1-3] [12] [" * (N // 31),
    "media lengths": "241 frames (approximately 9.6 seconds at 25 fps) a 0–10 s prefix 30 s initial window 2.5 s " * (N // 86),
    "quality factors": "improves the chance of finding errors by a factor of 2.73 F1 scores surpass the x by 3x " * (N // 81),
    "scaled settings": "reduce the channels in the last block of the network by a factor of 2 batch size by 4x " * (N // 80),
    "from-to appositives": "perplexity from 21.7 to 19.9, an 8.2% from 2 GB to 1 GB (5% i.e., a " * (N // 66),
    "caption heads": "Throughput at different batch sizes (samples/sec) in tokens/s for each a " * (N // 72),
    "cell changes": "1943.5 (+47%) 12.1 (↓30%) ms/Q image / s under the same memory consumption Model " * (N // 84),
    "header words": "FPS2 Vanilla token/s frames-per-second Utilization Step time (ms) steps/s A100 " * (N // 80),
    "quality gains": "a 2-fold gain in the accuracy and a 3x improvement in F1 reward improvement of its " * (N // 83),
    "spreads": "91.2% ± 0.4% 12.3 ms +/- 0.5 ms (+- 0.8%) $\\pm$ 1.6 " * (N // 54),
    "fitted coefficients": "comm slope k _ { r } = 0.0037 µs/token (β=0.0945 µs/token) ≈ 4.2 ms/img 0.17 s/frame " * (N // 82),
    # the role rules of the seventh session of 2026-12-06
    "estimates and sizes": "it would require about 33 GB would take 140 days models 10x its size 4 times out of 5 " * (N // 86),
    "rates of events": "error rates 3-4x higher collision rate (CR) is over 4x higher success rate by 2x " * (N // 80),
    "perturbed settings": "increasing or decreasing these parameters by a factor of 1.2 undersampled by 64x varies by " * (N // 90),
    "machines and pieces": "MacBook M4 Pro with 24 GB RAM and 512 GB storage 79.2 GiB of usable HBM3 segments: 30–90, 90–120, "
                           "and 120–180 s requirement is 148 GB/s load (8 req/s) " * (N // 160),
    "chip levels and axes": "80MB of L2 cache 192KB of register file per SM 300GB/sec per link 4 times smaller image "
                            "resolution compresses by 4× temporally and 16× spatially decay to 10% of the peak 10^-6 "
                            * (N // 170),
    "durations and errors": "2 hours 30 minutes 8m 16s 3 h and 15 min MAE of 3.2 minutes RMSE = 0.28 kWh 5-second, 16fps, "
                            "720p videos 7.6M parameters and 27.8 GFLOPS 20,476 files (up to 20GB) now a days " * (N // 175),
    "machine ratings": "NREL 5MW reference turbine engine frames featuring a power range from 4 MW up to 600 MW rotor " * (N // 92),
    "host cpus": "256 CPU cores on an NVIDIA DGX-A100 host threads of the CPU cores of a " * (N // 75),
    "example lists": "such as A100 and H100 e.g., such as ( including Jetson Nano; for example, " * (N // 74),
    "bounded lists": "achieved more than 173 and 186 TFLOPS up to 3.33, 2.08 and never higher than 20% of " * (N // 85),
    # the first session of 2026-12-07
    "figure gains": "55.5 (+1.4) mIoU 45.2 mAP (+2.1) 11.78 (+2.82, Easy) (+ (+3.5 F1 of 0.8 (+0.1)( " * (N // 82),
    "levels and heads": "a drop of nearly 20% (from 62.9% to 42.5%) 5.46% lower than the top scores reducing Energy Error to 4.5% "
                        "reduces parameters, memory, and runtime by 1%, 2% (from 8% -> " * (N // 150),
    "roles of 06o": "119K hours of time-aligned real and synthetic dialogue data movies (avg. 7,878 seconds) experts spent "
                    "100 hours constraints (<10W) 128 GB unified memory severity levels of 10%, 30%, and (fingers >=50% "
                    "occluded) 12x higher acceptance rates variation up to 9.7x " * (N // 250),
    "coordinated devices": "deployed on both GPU and CPU, on GPUs, CPUs and TPUs or on the GAP9 8-GPU 6000 Ada and " * (N // 85),
    "labelled lists": "up to 5.9x (forward), 8.9x (backward), and 21% (FID), 58% (IS) inflates time (e.g., from 3.6s to 344.5s ( " * (N // 100),
    "pieces and resolutions": "streaming units as short as 160 ms sub-second temporal resolution at 5-minute intervals The challenge is to " * (N // 110),
    "figures with unit words": "36 min 2.5 days 12 GB ~ 3 min 201 min " * (N // 38),
    "cuts in a time": "reduces resource consumption by up to 2.1 times in training time saving 20-fold in the " * (N // 86),
    "roles of 06q": "up to \\(5.49\\times\\) \\[ \\) total length of the database is 25 hours 38 hours of children's videos 35 TB of disk "
                    "space on 8GB VRAM contributions are three-fold records views at ~120 FPS 5% labeling budget 3x and " * (N // 230),
    "speed surpasses": "Our inference speed surpasses YOLOv12-N by 28.1% throughput exceeds by 35% speed tops " * (N // 86),
    "effort and tolerances": "physicians evaluated it, spending approximately 40 minutes collected in ten days constraints: sub-second "
                             "an error margin of 10 ms (e.g., “three weeks " * (N // 140),
    "levels compared after a cut": "lower CPU utilization (9.5% vs. 23.2% on average) reduces disparity by 60% (2.5% vs. 6.3%, p=0.02) (vs. " * (N // 105),
    "energy-delay products": "reduce energy-delay product by 1.65x energy-delay-area product (EDAP) ranging from 90.1x to 104.5x " * (N // 100),
    "lengths of data and horizons": "200 professional matches (471.9 hours) 45 hours of speech in English and over 18 hours a total of 53.94 minutes were captured 71.8% at 24 hours ADE@3s collected in as little as 1-2 " * (N // 190),
    "intervals and data ranging": "a few 100s lines (e.g., <10.6 seconds>) at intervals ranging from one to five minutes datasets ranging in size from 16 to will one day (21K clips, 37 hours) " * (N // 170),
    "memory in a device parenthesis": "NVIDIA RTX 3050 (4 GB VRAM), a smartphone (Qualcomm Snapdragon 7 Gen 1, 12 GB RAM) limited to at most 8 GB total traffic of 1.16TB " * (N // 140),
    "gains after cuts": "a 17.4% HD reduction and 4.9% TS gain (55% improvement) than the teacher model (98.65%) at a 4x compression ratio " * (N // 130),
    "hand check 06r families": "lawyers take 194 to 316 seconds (larger than 160GB) (105.6 hours over 51 days) simulated learners over 100 days generating videos up to 4 minutes and 15 seconds \"five 9s\" 4.9GB of headroom 227.5 exabytes per gram (Raspberry Pi 4 with 4GB RAM) a twofold advantage a 64x theoretical speedup 2x-4x more frames required annotated data by up to 90% 0.874 (48h) (97.6% -> 58.5%, " * (N // 420),
    "better than": "2.95x faster and 7.38% better than FasterViT, 3-7 times better than existing runtimes four times better than the 3x better than cuBLAS in throughput " * (N // 150),
    "flops in cuts": "reducing parameters by 5.4 times, FLOPs by 300times, and latency by 2.4times computation (GFLOPs) by up to 2.5x TFLOPS by 2.1x " * (N // 140),
    "hand check 06s families": "within 48 and 72 hours of hospitalization longer (>10s) video synthesis 14 hours a human expert would need training sets from 1 to 1,400 hours TOPS/W between 4.68x and " * (N // 190),
    "factors of other nouns": "improves design exploration (up to 20x tradeoff coverage) an average speedup of 2.82x even with 3x activated parameters, and 1.8 times TPS a 5-fold ensemble (1-2% backbone size) " * (N // 180),
    "generic gains": "a 2x improvement over standard LLMs and a 10x gain a 200x improvement in data efficiency 36 times more efficient in token usage a 3.1 times improvement in efficiency " * (N // 170),
    "people and windows": "users were able to review overall eligibility in under 9 minutes per patient average completion time (4.0 vs. 9.3 minutes, p < 0.001) sub-millisecond temporal synchronization future audio context to up to 81 ms a look-ahead of 40 ms " * (N // 200),
    "hand check 07a families": "a 30% performance drop exceeding prior reasoning datasets by an order of magnitude 1,800 news articles a day, 24 hours a day, 7 days a week a day-to-night framework \"wait a minute\" a 2.69x increase in maximum concurrency " * (N // 200),
    "quality named after a factor": "outperforms the baseline by 1.9x in scene consistency by up to 1.5x in reward accuracy an improvement of up to 1.56x in average reward " * (N // 150),
    "hand check 07b families": "reduces the dataset to 100 hours (370 hours, 105 classrooms) queries to the bot over four weeks 20s--60s duration tiers long video (< 13 min) up to 10 h before the event 14.3 millisecond latencies are preferred At a delay of 480ms, 15 second duration 134 FPS video throughput " * (N // 230),
    "comma lists under one bound": "up to 3.2x on A100, 2.5x on V100 and 1.8x on H100 up to 5.9x (forward), 8.9x (backward), and >97% state, >95% accuracy, and 99.7% " * (N // 140),
    "device classes, examples and device lists": "on 40GB consumer-grade GPUs consumer-grade hardware (<16GB VRAM) low-frame-rate (e.g., 1 fps) data across NVIDIA Jetson TX2, Jetson Orin NX, RubikPi, and Intel Core i7 show 4.0x (T4, V100, A800) within 30s " * (N // 200),
    "time frames, spans and windows": "time-frames from 1 to 60 seconds time scales (from sub-millisecond to (362 days, 2,971 European Environment Agency (EEA) stations) (0-15 minutes after ignition) fixation duration (11 ± 5 s (FT), at 4x, 27.123 dB at 8x, reduces output variance by 70% " * (N // 230),
    "hand check 07c families": "which can take human players over 30 hours at durations up to one hour at D = 1000 s On enwik8 (100 MB), 30K human-annotations: 6x to 65x fewer a score of 78.5/100. from 0.46 to 0.48 ± 0.04 " * (N // 200),
    "media statistics and minute": "(2,273 queries over 194 videos, mean 75.7 min, max 9 hr) A minute lexical variation within 24h of life (max 9 s) " * (N // 110),
    "hand check 07d families": "read speech (42 GB or 130 hours) were given only 24h to complete: at 10 seconds, it targeting under 10 minutes with 0.56 s algorithmic latency an algorithmic delay of 320 ms up to 1000 ms before manoeuvre execution Sub-second Action " * (N // 230),
    "recorded for and consist of": "I wore a camera headset for 54 hours over around 10 hours consist of human voices were recorded for about 2 hours each 40 hours are read speech " * (N // 150),
    "capture verbs and streaming inference": "With three-step sampling, it runs at about 20 FPS on two H100 GPUs enable 19.63 FPS streaming inference we capture the scene and stream it at 30 FPS a record-breaking 47.5 FPS records at 60 fps " * (N // 190),
    "halving, asides and regressions": "halving inference time halves the error rate Sequential Halving split-halves the batch size is halved halving the number of sampling steps a 16x (MP degree) reduction a 7% regression in per-GPU TFLOPS 15 PetaFlops " * (N // 200),
    "dev7 table forms": "GFLOPS/FPS 320/16 Acc./FPS 76.1/30 im/sec 1,226 im/s Table 5 reports the numerical Latency is measured as the number of images on a V100 GPU (a) regular | (b) " * (N // 160),
    "specs in prose and examples": "HBM) with bandwidth 1.5-2.0TB/s tensor core units achieve 312 TFLOP/s for the nonmatrix multiply cores SRAM is an order of magnitude faster 0s fill 5s at 16fps (e.g., NVIDIA RTX 4090) All experiments run on " * (N // 210),
    "paragraph devices and requirements": "We use 8 TPU v3 cores. in 1.8 days OpenAI et al. [5] train on 8 V100 GPUs (Rombach et al., 2023) requires more than 780 GB of GPU memory requires approximately 16GB " * (N // 190),
    "dev8 forms": "# Multi-scale input, multi-scale output adversarial loss. In total, our objective 800k SPS 19 batches per second 86 batches of 256 transitions per second ( $\\sim$ 2.8 seconds) thermal design power for NVLink systems, that is 400W benchmarks take up less than 100MB by sampling w = M(z, c) 16 times with (h) " * (N // 290),
    "dev9 forms": "## 4.3. ## A.2 MFU (Chowdhery et al., 2022; Dehghani et al., 2021a) is 54.9% see Figure [6] Pascal Titan X 5.7 iterations/second Steps/second | (h) | Model Card We sub-sample videos to 5 fps " * (N // 180),
    "dev10 forms": "[\\[RWC](#page-19-0) 19] \\[ x \\] learning rate dropped 10× fails to converge in a reasonable time (2 days) can provide more than 100 petaflops 64 times computational resources 131.61 megawatt hours took 0.68 MWh (0.5% of the total) 76 MINUTES | 693.6m | 71<br>129 672 | 1482.0±1.0 (+2.2%) | 11M | 32.5 tokens/s per V100 GPU The running time is tested on our local machine, with Titan Xp GPU dataset, with 28.1% AP at 142 FPS, 37.4% AP at 52 FPS " * (N // 420),
    "dev12 forms": "200 000× 668 734 693.88 steps per second 4 256-channel 1 2 3 4 5 6 7 $10^3\\times$ 10<sup>5</sup>× 3 x 10^5 times 10^2-10^4 x 92% of the optimal performance with a TPU-128 a TPUv3-8 memory usage per GPU (GB) " * (N // 200),
    "dev13 forms": "PPO Steps per Second 330k samples/s<br>23k samples/s 1.5 million actions/s nears 200k scales from 2.4k to 200k actions/s power termination budget from 400 W to 200 W cutoff of environment step of 50 ms 80×80×4 observations/s using the RL hyperparameters in Appendix " * (N // 230),
    "07d later forms": "The runs reported in Figures 3 and 5(c) were all run on For Table 3, all results were collected on We measure the inference time of our models on a server with NVIDIA A100 GPU at a 500 ms lookahead short-term (9s) RMSEs of 37.66 ns 4.1 hours of narrated stories participants read for 14 days ρ(s) V(s) Scaling configurations and MFU across two different hardware platforms on different hardware setups converges in 320 epochs (about 3 days) " * (N // 470),
    "stacked figures with units": "1 ms 2 GB 3 fps 4k samples/s 5M tokens/s " * (N // 45) + "x",
    "quality changes by": "improves F1 by 3.5 4.34 higher F1 a 7.99 increase in F1-score by 4.92 and 8.79 points PSNR by 1.9-15.0% achieves +7.77 pp Pass@32 " * (N // 130),
}


def _places(run: str) -> dict:
    return {
        "cell": f"| Method | Latency (ms) |\n|---|---|\n| Ours | {run} |\n",
        "header": f"| Method | {run} |\n|---|---|\n| Ours | 12 |\n",
        "label": f"| Method | Ours |\n|---|---|\n| {run} | 12 |\n",
        "caption": f"Table 1: {run}\n\n| Method | Latency (ms) |\n|---|---|\n| Ours | 12 |\n",
        "quoted rows": f"Table 1: † taken from the original papers. {run}\n\n| Method | FPS |\n|---|---|\n| {run}† | 12 |\n",
        "html": f"<table><tr><th>{run}</th><th>FPS</th></tr><tr><td>{run}</td><td>{run}</td></tr></table>",
        "paragraph": f"{run} runs 2.1x faster than {run}.",
        "setup paragraph": f"Experiments were run on an NVIDIA H100 GPU {run}.\n\n{run} takes 12 ms.",
        "device column": f"| Method | GPU | Lat. × |\n|---|---|---|\n| Ours | {run} | {run} |\n",
        "caption-typed": f"Table 2: Runtime (ms) of {run}\n\n| Method | 128 | 256 |\n|---|---|---|\n| A | {run} | 1 |\n",
        "paired figures": f"| Model | Training time (speedup) |\n|---|---|\n| A | {run} (1.0×) |\n| B | 2 days ({run}) |\n",
        "caption legend": f'Table 4: "Mem." denote {run} Memory cost {run} (GB)\n\n| M | Mem. |\n|---|---|\n| A | {run} |\n',
        "titled figure": f"Table 5: Timing (ms) {run}\n\n| model | {run} | total |\n|---|---|---|\n| A | {run} | 12 |\n",
        "merged header": f"<table><thead><tr><th>M</th><th>Time (s) ↓ {run} ↑</th><th></th></tr></thead>"
                         f"<tr><td colspan=\"3\">{run}</td></tr><tr><td>{run}</td><td>{run}</td><td>2×</td></tr></table>",
        "merged cells": f"| M | Latency (ms) | | Memory (GB) |\n|---|---|---|---|\n| {run} | {run} | | {run} |\n"
                        f"| Model | {run} | {run} | {run} |\n",
        "pointing prose": f"In Table 1, {run} on a CPU and a GPU.\n\nTable 1: Latency (ms) {run}.\n\n"
                          f"| Method | CPU | GPU |\n|---|---|---|\n| {run} | 1 | 2 |\n",
        "setup heading": f"## Hardware and Schedule {run}\n\nAll results are reported running on an A6000 GPU {run}.\n\n"
                         f"{run} takes 12 ms on eight GPUs, 2.5x, 3x and 4x faster than A, {run}, B.",
        "caption-named": f"Table 3: Memory {run}. Uses one configuration.\n\n| Batch | A | {run} |\n|---|---|---|\n"
                         f"| 1 | {run} | 4.8GB |\n",
        # an upper header label over blank cells, and sub-headers written again and again
        "spanning header": f"| | {run} | | Latency (ms) | |\n|---|---|---|---|---|\n"
                           f"| Model | {run} | A100 | {run} | A100 |\n| X | 1 | 2 | 3 | 4 |\n",
        # section labels in one cell of their own rows, factors against the first row
        "section rows": f"| Seq | 512 | 1024 |\n|---|---|---|\n| | {run} | |\n| A | {run} (1.2x) | 9 |\n"
                        f"| | Training Speed (steps/s) | |\n| A | 8.0 | {run} |\n| B | 9.4 ({run}) | 1 (1.2x) |\n",
        # a group label over blank first cells, a row of device counts, a change of a figure
        "grouped rows": f"Table 6: Throughput gain {run}\n\n| {run} | Model | 1.5B | |\n|---|---|---|---|\n"
                        f"| #GPU | {run} | 8 | |\n| Samples per GPU per second | ZB | {run} | +4.1% |\n"
                        f"| | {run} | 2 | {run} |\n",
    }


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", sorted(RUNS))
def test_markdown_and_tables(name):
    ex = extractor()
    for place, text in _places(RUNS[name]).items():
        rows = ex.extract(markdown_document(f"# P\n\n## Results\n\n{text}\n", "p"))
        assert all(r.char_start < r.char_end for r in rows), place


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", sorted(RUNS))
def test_latex(name):
    run = RUNS[name]
    source = ("\\documentclass{article}\\title{" + run + "}\\begin{document}\\section{" + run + "}" + run +
              "\\begin{table}\\caption{" + run + "}\\begin{tabular}{cc}" + run + " & " + run + " \\\\ \\midrule "
              + run + " & 12 \\\\\\end{tabular}\\end{table}\\end{document}")
    md = render_latex(source)
    extractor().extract(markdown_document(md, "p"))


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", sorted(RUNS))
def test_unarxive_record(name):
    run = RUNS[name]
    record = {"paper_id": "x", "metadata": {"title": run}, "abstract": {"text": run},
              "body_text": [{"section": run, "sec_number": run[:50], "text": run}],
              "ref_entries": {"T": {"type": "table", "caption": run, "content": f"<table><tr><td>{run}</td></tr></table>"}}}
    extractor().extract(s2orc_document(record, "x", "x.jsonl", 1))
