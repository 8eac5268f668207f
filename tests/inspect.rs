//! `jixiao inspect`: the page images and index.html of the PDF fixtures,
//! and the overlay geometry on rotated and cropped pages.

mod common;

use jixiao::inspect::canvas::Canvas;
use jixiao::inspect::overlay::{OTHER_LINE, PageGeom, TARGET_LINE, role_color, tint_on_white};
use jixiao::model::{Page, SourceKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn decode_png(path: &Path) -> Canvas {
    let dec = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut r = dec.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
    buf.truncate(info.buffer_size());
    Canvas {
        width: info.width,
        height: info.height,
        rgb: buf,
    }
}

/// Colours present on an image.
fn colours(c: &Canvas) -> BTreeSet<[u8; 3]> {
    c.rgb.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect()
}

/// Checks one fixture end to end: page count, records in index.html,
/// overlay colours on each page image.
fn check_fixture(name: &str, pages: usize) {
    let path = common::root().join("tests/fixtures/pdf").join(name);
    let bytes = std::fs::read(&path).unwrap();
    let shown = format!("tests/fixtures/pdf/{name}");
    let ins = jixiao::inspect::read(&bytes, &shown, &jixiao::Limits::default()).unwrap();
    assert_eq!(ins.doc.kind, SourceKind::Pdf);
    let dir = common::temp_dir(&format!("inspect-{name}"));
    let w = jixiao::inspect::write(&ins, &bytes, &dir).unwrap();

    // 1. One PNG per page, A4 at least 1,000 px wide, nothing else.
    assert_eq!(w.pages, pages);
    assert!(w.render_errors.is_empty(), "{:?}", w.render_errors);
    let mut pngs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".png"))
        .collect();
    pngs.sort();
    let expected: Vec<String> = (1..=pages as u32).map(jixiao::inspect::page_file).collect();
    assert_eq!(pngs, expected);

    // 2. Every record's project name is in index.html, each with a link to
    // its cells, and every indicator has a link target.
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(!ins.records.is_empty());
    for (i, r) in ins.records.iter().enumerate() {
        let name = r
            .project_name
            .as_deref()
            .expect("fixture records have names");
        let name = jixiao::inspect::html::escape(name);
        assert!(html.contains(&name), "{name} not in index.html");
        assert!(
            html.contains(&format!("id=\"r{}\"", i + 1)),
            "record {} not placed",
            i + 1
        );
        for k in 1..=r.indicators.len() {
            assert!(
                html.contains(&format!("id=\"r{}i{k}\"", i + 1)),
                "{name}: indicator {k} not placed"
            );
        }
    }
    assert!(!html.contains("cells not found"));
    assert!(!html.contains("http://") && !html.contains("https://"));

    // 3. The overlay's colours are on the images: on each page, the line
    // colour of every table drawn there, and the tint of every role marked
    // on it.
    let mut lines: BTreeMap<u32, BTreeSet<[u8; 3]>> = BTreeMap::new();
    let mut tints: BTreeMap<u32, BTreeSet<[u8; 3]>> = BTreeMap::new();
    let targets: BTreeSet<usize> = ins.marks.iter().map(|m| m.table).collect();
    // The layout stage gives the fixture's cells their roles.
    assert!(!targets.is_empty(), "no marks");
    let roles: BTreeSet<_> = ins.marks.iter().map(|m| role_color(m.role)).collect();
    assert!(roles.len() >= 6, "{} roles", roles.len());
    for (t, g) in ins.grids.iter().enumerate() {
        for c in g.cells.iter().filter(|c| c.bbox.is_some()) {
            let p = c.page.unwrap();
            let line = if targets.contains(&t) {
                TARGET_LINE
            } else {
                OTHER_LINE
            };
            lines.entry(p).or_default().insert(line);
            if let Some(m) = ins
                .marks
                .iter()
                .find(|m| (m.table, m.row, m.col) == (t, c.row, c.col))
            {
                tints
                    .entry(p)
                    .or_default()
                    .insert(tint_on_white(role_color(m.role)));
            }
        }
    }
    assert!(
        lines.len() >= pages - 1,
        "tables on {} of {pages} pages",
        lines.len()
    );
    for (n, file) in expected.iter().enumerate() {
        let page = n as u32 + 1;
        let img = decode_png(&dir.join(file));
        assert!(img.width >= 1000, "{file}: {} px", img.width);
        let have = colours(&img);
        for c in lines.get(&page).into_iter().flatten() {
            assert!(have.contains(c), "{file}: line colour {c:?} missing");
        }
        for c in tints.get(&page).into_iter().flatten() {
            assert!(have.contains(c), "{file}: tint {c:?} missing");
        }
        if !lines.contains_key(&page) {
            assert!(!have.contains(&TARGET_LINE) && !have.contains(&OTHER_LINE));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn libreoffice_fixture() {
    check_fixture("ningxia-libreoffice.pdf", 32);
}

#[test]
fn chromium_fixture() {
    check_fixture("ningxia-chromium.pdf", 33);
}

/// A one-page PDF: `media` box, optional crop box, /Rotate, and a content
/// stream.
fn one_page_pdf(media: [i32; 4], crop: Option<[i32; 4]>, rotate: i32, content: &str) -> Vec<u8> {
    common::pdf::pdf_bytes(media, crop, rotate, content, common::pdf::HELVETICA)
}

/// An A4-ish page whose font /F1 is `font`.
fn one_page_pdf_with_font(content: &str, font: &str) -> Vec<u8> {
    common::pdf::pdf_bytes([0, 0, 600, 800], None, 0, content, font)
}

/// Extracts the page's rules (in the extractor's top-left points), renders
/// the page, and checks that each rule, mapped by the page geometry, lands
/// on dark pixels with white beside it.
fn rules_land_on_their_pixels(pdf: &[u8], size_pt: (f32, f32)) {
    let doc = jixiao::extract::pdf::extract_pdf(pdf, &Default::default()).unwrap();
    let Page::Pdf(page) = &doc.pages[0] else {
        panic!("not a PDF page")
    };
    assert_eq!((page.width, page.height), size_pt);
    assert!(page.rules.len() >= 2, "{:?}", page.rules);
    let pdf = jixiao::inspect::render::open(pdf).unwrap();
    let mut seen = 0;
    jixiao::inspect::render::for_each_page(&pdf, |p| -> Result<(), ()> {
        let img = p.image.unwrap();
        let geom = p.geom;
        assert_eq!(geom, PageGeom::new(size_pt.0, size_pt.1));
        assert_eq!((img.width, img.height), geom.size_px());
        let dark = |x: f32, y: f32| {
            let r = geom.to_px(jixiao::model::BBox {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            });
            let px = img.pixel(r.x0 as u32, r.y0 as u32);
            px.iter().map(|&v| v as u32).sum::<u32>() < 200
        };
        for rule in &page.rules {
            for t in [0.2f32, 0.5, 0.8] {
                let x = rule.x0 + (rule.x1 - rule.x0) * t;
                let y = rule.y0 + (rule.y1 - rule.y0) * t;
                assert!(dark(x, y), "rule {rule:?} not dark at ({x}, {y})");
                // 10 pt across the rule: white.
                let (dx, dy) = if rule.is_horizontal() {
                    (0.0, 10.0)
                } else {
                    (10.0, 0.0)
                };
                assert!(!dark(x + dx, y + dy), "white expected beside {rule:?}");
            }
        }
        seen += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(seen, 1);
}

/// A text glyph keeps the extractor from calling the page scanned.
const TEXT: &str = "BT /F1 12 Tf 300 500 Td (x) Tj ET";

/// A horizontal and a vertical rule, 4 pt wide, plus the text.
fn content() -> String {
    format!("0 g 4 w 100 600 m 250 600 l S 400 200 m 400 500 l S {TEXT}")
}

#[test]
fn overlay_matches_the_render_on_a_plain_page() {
    rules_land_on_their_pixels(
        &one_page_pdf([0, 0, 600, 800], None, 0, &content()),
        (600.0, 800.0),
    );
}

#[test]
fn overlay_matches_the_render_with_a_crop_box() {
    let pdf = one_page_pdf([0, 0, 600, 800], Some([50, 150, 550, 750]), 0, &content());
    rules_land_on_their_pixels(&pdf, (500.0, 600.0));
}

#[test]
fn overlay_matches_the_render_when_rotated() {
    for rotate in [90, 180, 270] {
        let pdf = one_page_pdf(
            [0, 0, 600, 800],
            Some([50, 150, 550, 750]),
            rotate,
            &content(),
        );
        let size = if rotate % 180 == 0 {
            (500.0, 600.0)
        } else {
            (600.0, 500.0)
        };
        rules_land_on_their_pixels(&pdf, size);
    }
}

#[test]
fn several_inputs_get_an_index_and_a_bad_one_fails_alone() {
    let dir = common::temp_dir("inspect-cli");
    let bad = dir.join("empty.pdf");
    std::fs::write(&bad, b"").unwrap();
    let out_dir = dir.join("out");
    let out = common::jixiao(&[
        "inspect",
        "samples/ningxia-yingji-2025.txt",
        bad.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.pdf") && stderr.lines().count() == 1,
        "{stderr}"
    );
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(index.contains("href=\"ningxia-yingji-2025/index.html\""));
    assert!(index.contains("empty.pdf"));
    // The text input's grids are HTML tables; every record is listed.
    let doc = std::fs::read_to_string(out_dir.join("ningxia-yingji-2025/index.html")).unwrap();
    assert!(doc.contains("<table class=\"g"));
    let ins = jixiao::inspect::read(
        &common::sample_bytes(),
        "samples/ningxia-yingji-2025.txt",
        &jixiao::Limits::default(),
    )
    .unwrap();
    for r in &ins.records {
        let name = jixiao::inspect::html::escape(r.project_name.as_deref().unwrap());
        assert!(doc.contains(&name), "{name}");
    }
    assert!(!doc.contains("cells not found"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn convert_inspect_writes_folders_only_for_documents_with_warnings() {
    let dir = common::temp_dir("convert-inspect");
    // A small table that reads without a warning.
    let clean = dir.join("clean.txt");
    std::fs::write(
        &clean,
        "项目名称\t测试项目\n主管部门\t某厅\t实施单位\t某厅\n项目属性\t经常性项目\t项目期\t1年\n\
         项目总额\t10\t其中:年度资金总额\t10\n年度总体绩效目标\t完成任务。\n\
         一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥10人\n\
         效益指标\t社会效益指标\t服务对象满意度\t≥90%\n",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = common::jixiao(&[
        "convert",
        "--inspect",
        "-q",
        "samples/ningxia-yingji-2025.txt",
        clean.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = common::read_json(&out_dir.join("report.json"));
    let inputs = report["inputs"].as_array().unwrap();
    let mut with = 0;
    for i in inputs {
        let stem = i["output"].as_str().unwrap().trim_end_matches(".json");
        let folder = out_dir.join(format!("{stem}-inspect"));
        let warned = i["warnings"].as_u64().unwrap() > 0;
        assert_eq!(folder.join("index.html").is_file(), warned, "{stem}");
        with += warned as usize;
    }
    // The sample has warnings, the small table none: both cases were seen.
    assert_eq!((with, inputs.len()), (1, 2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cjk_text_in_a_font_that_is_not_embedded_is_drawn() {
    // SimSun as a Type0 font with no font file: the glyphs must come from a
    // system CJK font. Checked only where one is installed.
    if !jixiao::inspect::render::has_cjk_font() {
        eprintln!("no system CJK font: skipped");
        return;
    }
    let pdf = one_page_pdf_with_font(
        "BT /F1 40 Tf 100 400 Td <4E2D6587> Tj ET",
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /UniGB-UCS2-H \
         /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 5 >> \
         /FontDescriptor << /Type /FontDescriptor /FontName /SimSun /Flags 6 \
         /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 \
         /CapHeight 859 /StemV 80 >> /DW 1000 >>] >>",
    );
    let pdf = jixiao::inspect::render::open(&pdf).unwrap();
    jixiao::inspect::render::for_each_page(&pdf, |p| -> Result<(), ()> {
        let img = p.image.unwrap();
        // The two characters: 80 pt wide, 40 pt high, from (100, 400) up.
        let r = p.geom.to_px(jixiao::model::BBox {
            x0: 100.0,
            y0: 352.0,
            x1: 180.0,
            y1: 400.0,
        });
        let mut dark = 0;
        for y in r.y0..r.y1 {
            for x in r.x0..r.x1 {
                if img.pixel(x as u32, y as u32)[0] < 128 {
                    dark += 1;
                }
            }
        }
        let area = (r.x1 - r.x0) * (r.y1 - r.y0);
        assert!(
            dark * 20 > area,
            "{dark} dark pixels of {area}: 中文 not drawn"
        );
        Ok(())
    })
    .unwrap();
}

/// Two real published PDFs, read where they are ($JIXIAO_REALWORLD, default
/// ../shared/realworld): one with a CJK font it does not embed (FangSong)
/// and one from Jiangsu. Neither holds a target table: every table found
/// is drawn in the other tables' dashed colour, every page renders.
#[test]
fn real_world_pdfs_render_with_their_tables_outlined() {
    let root = match std::env::var_os("JIXIAO_REALWORLD") {
        Some(p) => std::path::PathBuf::from(p),
        None => common::root().join("../shared/realworld"),
    };
    let files = [
        "shanghai-putuo/24年普陀区财政局（测试问题版本）.pdf",
        "jiangsu/江苏省人大办公厅/江苏省人大办公厅2017年度预算公开.pdf",
    ];
    if !root.join(files[0]).is_file() {
        eprintln!("real-world PDFs not found in {}: skipped", root.display());
        return;
    }
    for f in files {
        let path = root.join(f);
        let bytes = std::fs::read(&path).unwrap();
        let ins = jixiao::inspect::read(&bytes, f, &jixiao::Limits::default()).unwrap();
        let dir = common::temp_dir("inspect-realworld");
        let w = jixiao::inspect::write(&ins, &bytes, &dir).unwrap();
        assert_eq!(w.pages, ins.doc.pages.len(), "{f}");
        assert!(w.render_errors.is_empty(), "{f}: {:?}", w.render_errors);
        assert_eq!(w.records, 0, "{f}");
        assert!(!ins.grids.is_empty(), "{f}: no tables found");
        let mut pages_with_tables: BTreeSet<u32> = BTreeSet::new();
        for g in &ins.grids {
            pages_with_tables.extend(
                g.cells
                    .iter()
                    .filter(|c| c.bbox.is_some())
                    .filter_map(|c| c.page),
            );
        }
        for p in &pages_with_tables {
            let img = decode_png(&dir.join(jixiao::inspect::page_file(*p)));
            let have = colours(&img);
            assert!(
                have.contains(&OTHER_LINE),
                "{f}: page {p} has no table outline"
            );
            assert!(!have.contains(&TARGET_LINE), "{f}: page {p}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Every layout family's fixture (PDF, text and markdown): each record and
/// each indicator is found again on the page or in the HTML table.
#[test]
fn every_layout_fixture_links_each_indicator_to_its_cells() {
    let root = common::root().join("tests/fixtures/layouts");
    let mut families: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    families.sort();
    let mut checked = 0;
    for fam in families {
        let name = fam.file_name().unwrap().to_string_lossy().into_owned();
        for ext in ["pdf", "txt", "md"] {
            let path = fam.join(format!("{name}.{ext}"));
            if !path.is_file() {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let shown = path.to_string_lossy().into_owned();
            let ins = jixiao::inspect::read(&bytes, &shown, &jixiao::Limits::default()).unwrap();
            let dir = common::temp_dir(&format!("inspect-layout-{name}-{ext}"));
            jixiao::inspect::write(&ins, &bytes, &dir).unwrap();
            let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
            assert!(!html.contains("cells not found"), "{shown}");
            for (i, r) in ins.records.iter().enumerate() {
                assert!(
                    html.contains(&format!("id=\"r{}\"", i + 1)),
                    "{shown}: record {}",
                    i + 1
                );
                for k in 1..=r.indicators.len() {
                    assert!(
                        html.contains(&format!("id=\"r{}i{k}\"", i + 1)),
                        "{shown}: r{}i{k}",
                        i + 1
                    );
                }
            }
            checked += 1;
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    assert!(checked >= 14, "{checked} fixtures");
}

/// `convert --inspect` reads each input once: the conversion keeps what the
/// inspect sink draws (for a document with warnings only), and the folder
/// drawn from it is the one `jixiao inspect` draws from a second reading.
#[test]
fn convert_keeps_what_inspect_draws_from_the_same_reading() {
    let bytes = common::sample_bytes();
    let work = |keep| {
        jixiao::batch::convert_work_keeping(
            jixiao::extract::Sniffed::new(bytes.clone()),
            "ningxia.txt".into(),
            Default::default(),
            Default::default(),
            keep,
        )
        .unwrap()
    };
    let (plain, summary) = work(false);
    assert!(plain.inspect.is_none());
    assert!(summary.warnings > 0, "the sample has warnings");
    let (kept, _) = work(true);
    assert_eq!(kept.json, plain.json, "keeping changes no record");
    let kept = kept.inspect.expect("kept for a document with warnings");
    let again = jixiao::inspect::read(&bytes, "ningxia.txt", &Default::default()).unwrap();
    assert_eq!(kept.inspected.records.len(), again.records.len());
    assert_eq!(kept.inspected.marks, again.marks);
    assert_eq!(kept.inspected.grids, again.grids);
    let dir = common::temp_dir("inspect-kept");
    let (a, b) = (dir.join("kept"), dir.join("again"));
    let wa = jixiao::inspect::write(&kept.inspected, &kept.bytes, &a).unwrap();
    let wb = jixiao::inspect::write(&again, &bytes, &b).unwrap();
    assert_eq!(wa, wb);
    assert_eq!(
        std::fs::read(a.join("index.html")).unwrap(),
        std::fs::read(b.join("index.html")).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A self-evaluation (自评表) is shown with its records, as a conversion
/// gives them: the same records, its project and indicators in index.html.
#[test]
fn inspect_shows_self_evaluation_records() {
    let path = common::root().join("tests/fixtures/self_eval_pair/self_evaluation.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let shown = "tests/fixtures/self_eval_pair/self_evaluation.pdf";
    let converted = jixiao::convert_bytes(&bytes, shown).unwrap();
    let ins = jixiao::inspect::read(&bytes, shown, &jixiao::Limits::default()).unwrap();
    assert_eq!(ins.records.len(), 1);
    assert_eq!(
        serde_json::to_value(&ins.records).unwrap(),
        serde_json::to_value(&converted.records).unwrap()
    );
    let dir = common::temp_dir("inspect-self-evaluation");
    let w = jixiao::inspect::write(&ins, &bytes, &dir).unwrap();
    assert_eq!(w.records, 1);
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let record = &ins.records[0];
    assert!(html.contains(record.project_name.as_deref().unwrap()));
    for ind in &record.indicators {
        assert!(html.contains(&ind.name), "{} not shown", ind.name);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
