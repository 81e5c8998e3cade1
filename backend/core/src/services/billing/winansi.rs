//! Text for the PDF's standard fonts, which read WinAnsi (Windows-1252):
//! the letters of English, Spanish and French (é, ñ, ç, œ, «», €) each as
//! their one byte, never as UTF-8.

/// Text in the fonts' WinAnsi encoding (Windows-1252): one byte a
/// character, `?` for a character outside it. No-break spaces (the narrow
/// one groups French digits) print as the no-break space.
pub(super) fn encode(text: &str) -> Vec<u8> {
    text.chars().map(cp1252).collect()
}

/// The Windows-1252 byte of `c` (`?` when it has none).
fn cp1252(c: char) -> u8 {
    match c {
        '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '\u{202f}' | '\u{2007}' => 0xa0,
        '\u{2009}' | '\u{2002}' | '\u{2003}' => b' ',
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => b'?',
    }
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn text_is_winansi_one_byte_a_character() {
        assert_eq!(encode("A—é€✓"), vec![b'A', 0x97, 0xe9, 0x80, b'?']);
        // Spanish and French: accents, ñ, ç, guillemets, œ, the ellipsis.
        assert_eq!(
            encode("Descripción Año Reçu «Œuvre» dû à…"),
            b"Descripci\xf3n A\xf1o Re\xe7u \xab\x8cuvre\xbb d\xfb \xe0\x85".to_vec()
        );
        assert_eq!(
            encode("ÉÈÊÀÇÑÓÚÍ"),
            b"\xc9\xc8\xca\xc0\xc7\xd1\xd3\xda\xcd".to_vec()
        );
        // French groups digits with a narrow no-break space.
        assert_eq!(encode("1\u{202f}234,50 €"), b"1\xa0234,50 \x80".to_vec());
        assert_eq!(encode("漢字"), b"??".to_vec());
    }
}
