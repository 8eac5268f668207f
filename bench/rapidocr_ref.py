#!/usr/bin/env python3
"""Reference OCR for bench/ocr.sh: RapidOCR (onnxruntime, the same PP-OCRv4
det/rec models jixiao embeds) on page images, with the settings jixiao
uses: max side 2000 px, no angle classifier.

Usage: rapidocr_ref.py OUT.jsonl IMAGE...
Writes one JSON line per image: {"image", "seconds", "lines": [[box, text, score], ...]}.
"""
import json
import sys
import time

from rapidocr_onnxruntime import RapidOCR


def main() -> None:
    out_path, images = sys.argv[1], sys.argv[2:]
    engine = RapidOCR(max_side_len=2000, use_cls=False)
    with open(out_path, "w", encoding="utf-8") as out:
        for image in images:
            start = time.perf_counter()
            result, _ = engine(image, use_cls=False)
            seconds = time.perf_counter() - start
            lines = [[box, text, float(score)] for box, text, score in (result or [])]
            out.write(
                json.dumps(
                    {"image": image, "seconds": seconds, "lines": lines},
                    ensure_ascii=False,
                )
                + "\n"
            )


if __name__ == "__main__":
    main()
