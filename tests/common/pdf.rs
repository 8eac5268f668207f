//! Hand-built PDFs for tests: one page, one content stream, font /F1.

/// The standard Helvetica, not embedded.
pub const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// A one-page PDF: `media` box, optional crop box, /Rotate, the content
/// stream, and `font` as /F1.
pub fn pdf_bytes(
    media: [i32; 4],
    crop: Option<[i32; 4]>,
    rotate: i32,
    content: &str,
    font: &str,
) -> Vec<u8> {
    let crop = crop
        .map(|c| format!("/CropBox [{} {} {} {}] ", c[0], c[1], c[2], c[3]))
        .unwrap_or_default();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [{} {} {} {}] {crop}/Rotate {rotate} /Contents 4 0 R /Resources << /Font << /F1 {font} >> >> >>",
            media[0], media[1], media[2], media[3]
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
