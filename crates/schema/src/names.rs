//! How headers and file names are compared.

use crate::KINDS;

pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_lower = false;
    let mut pending_space = false;
    for c in text.chars() {
        let mapped: Option<&str> = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'ª' => {
                Some("a")
            }
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => Some("e"),
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => Some("i"),
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' | 'º' | '°' => {
                Some("o")
            }
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => Some("u"),
            'ç' | 'Ç' => Some("c"),
            'ñ' | 'Ñ' => Some("n"),
            _ => None,
        };
        let is_upper = c.is_uppercase();
        if let Some(m) = mapped {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(m);
            prev_lower = !is_upper;
        } else if c.is_alphanumeric() {
            if (pending_space || (is_upper && prev_lower)) && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        } else {
            pending_space = true;
            prev_lower = false;
        }
    }
    out
}

pub fn kind_from_name(name: &str) -> Option<&'static str> {
    let n = normalize(name);
    let words: Vec<&str> = n.split(' ').collect();
    let mut best: Option<(usize, &'static str)> = None;
    for k in KINDS.iter() {
        for alias in k.file_words {
            let aw: Vec<&str> = alias.split(' ').collect();
            if words.windows(aw.len()).any(|w| w == aw.as_slice()) {
                let better = best.is_none_or(|(len, _)| aw.len() > len);
                if better {
                    best = Some((aw.len(), k.name));
                }
            }
        }
    }
    best.map(|(_, k)| k)
}
