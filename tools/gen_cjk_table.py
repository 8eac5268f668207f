#!/usr/bin/env python3
"""Generates the CJK compatibility / radical → unified ideograph table used
by src/pdf.rs (CJK_MAP). Sources: /usr/share/unicode/EquivalentUnifiedIdeograph.txt
(Debian package unicode-data) for Kangxi radicals and the CJK Radicals
Supplement; canonical (NFC) decompositions for CJK compatibility ideographs.
Radicals whose equivalent is a traditional form are mapped to the simplified
form (the documents are simplified Chinese)."""
import unicodedata

SIMPLIFY = {
    '戶': '户', '門': '门', '長': '长', '馬': '马', '見': '见', '車': '车', '貝': '贝',
    '魚': '鱼', '鳥': '鸟', '麥': '麦', '黃': '黄', '齊': '齐', '齒': '齿', '龍': '龙',
    '龜': '龟', '韋': '韦', '頁': '页', '風': '风', '飛': '飞', '鬥': '斗', '黽': '黾',
    '靑': '青', '鹵': '卤', '麼': '么', '產': '产', '髮': '发', '飠': '饣',
}
m = {}
for line in open('/usr/share/unicode/EquivalentUnifiedIdeograph.txt', encoding='utf-8'):
    data = line.split('#')[0].strip()
    if not data:
        continue
    src, dst = [x.strip() for x in data.split(';')]
    lo, _, hi = src.partition('..')
    hi = hi or lo
    for cp in range(int(lo, 16), int(hi, 16) + 1):
        t = chr(int(dst, 16))
        m[cp] = SIMPLIFY.get(t, t)
for rng in (range(0xF900, 0xFB00), range(0x2F800, 0x2FA20)):
    for cp in rng:
        c = chr(cp)
        n = unicodedata.normalize('NFC', c)
        if n != c and len(n) == 1:
            m[cp] = n
pairs = sorted(m.items())
out = ''.join(chr(k) + v for k, v in pairs)
print(len(pairs))
lines = [out[i:i + 64] for i in range(0, len(out), 64)]
with open('/tmp/cjk_table.rs', 'w') as f:
    f.write('const CJK_MAP: &str = concat!(\n')
    for l in lines:
        f.write('    "%s",\n' % l)
    f.write(');\n')
