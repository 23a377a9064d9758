#!/usr/bin/env python3
"""A synthetic welfare extract as old systems write it — Shift_JIS, half-width kana, wareki
dates, extension characters — the same rows as benches/import.rs makes.

Usage: python3 scripts/extract.py ROWS > extract.csv
"""
import sys

FAMILY = ["髙橋", "山﨑", "佐藤", "鈴木", "田中", "渡辺", "伊藤", "中村"]
KANA = ["ﾀｶﾊｼ", "ﾔﾏｻﾞｷ", "ｻﾄｳ", "ｽｽﾞｷ", "ﾀﾅｶ", "ﾜﾀﾅﾍﾞ", "ｲﾄｳ", "ﾅｶﾑﾗ"]
CARE = ["", "要支援1", "要介護1", "要介護3", "要介護5", "非該当"]
HOUSE = ["独居", "高齢者のみ", "同居"]


def main() -> None:
    n = int(sys.argv[1])
    out = ["宛名番号,氏名,ﾌﾘｶﾞﾅ,性別,生年月日,住所,電話番号,要介護度,世帯状況,地区\r\n"]
    for i in range(n):
        f = i % 8
        out.append(
            f"{100_000 + i},{FAMILY[f]} 利用者{i},{KANA[f]} ﾘﾖｳｼｬ,{'男' if i % 2 == 0 else '女'},"
            f"S{10 + i % 50}.{1 + i % 12}.{1 + i % 28},みどり市{i % 40}町{i % 9 + 1}-{i % 30 + 1},"
            f"0990-{i % 100:02}-{i % 10_000:04},{CARE[i % 6]},{HOUSE[i % 3]},{i % 12}地区\r\n"
        )
    sys.stdout.buffer.write("".join(out).encode("cp932"))


if __name__ == "__main__":
    main()
