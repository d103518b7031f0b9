#!/usr/bin/env python3
"""Builds the user guide: wraps each page of pages/<lang>/ with the header,
the table of contents and the language switch, into <lang>/<page>.html.

The built pages are committed, so that the Help button finds the guide in a
source checkout and the package build needs no Python. Run this after
editing a page; `make.py --check` fails when the built pages are stale
(.ci/package runs it).
"""
import html
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent

# Page order: file name (without .html) and its title in the contents.
PAGES = ["index", "import", "dashboard", "metrics", "health", "icp", "workload", "data"]

LANGS = {
    "en": {
        "html_lang": "en",
        "title": "Tenure user guide",
        "contents": "Contents",
        "other": ("pt-BR", "Português (Brasil)"),
        "footer": "This guide is installed with Tenure and opens without internet. "
        "Menu <b>Help</b> in the window opens it in your language.",
    },
    "pt-BR": {
        "html_lang": "pt-BR",
        "title": "Guia do usuário do Tenure",
        "contents": "Conteúdo",
        "other": ("en", "English"),
        "footer": "Este guia é instalado com o Tenure e abre sem internet. "
        "O botão <b>Ajuda</b> da janela o abre no seu idioma.",
    },
}


def title_of(body: str, page: str) -> str:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    if not m:
        sys.exit(f"pages/{page}: no <h1> title")
    return re.sub(r"<[^>]+>", "", m.group(1)).strip()


def build(lang: str) -> dict:
    cfg = LANGS[lang]
    bodies = {}
    for page in PAGES:
        src = ROOT / "pages" / lang / f"{page}.html"
        bodies[page] = src.read_text(encoding="utf-8")
    titles = {p: title_of(b, f"{lang}/{p}.html") for p, b in bodies.items()}
    out = {}
    for page, body in bodies.items():
        current = ' aria-current="page"'
        nav = "\n".join(
            f'      <li><a href="{p}.html"{current if p == page else ""}>'
            f"{html.escape(titles[p])}</a></li>"
            for p in PAGES
        )
        other_lang, other_name = cfg["other"]
        title = titles[page]
        head_title = cfg["title"] if page == "index" else f"{title} · {cfg['title']}"
        out[ROOT / lang / f"{page}.html"] = f"""<!DOCTYPE html>
<html lang="{cfg['html_lang']}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(head_title)}</title>
<link rel="stylesheet" href="../style.css">
</head>
<body>
<header>
  <a class="brand" href="index.html"><img src="../tenure.svg" alt="" width="36" height="36"> {html.escape(cfg['title'])}</a>
  <a class="lang" href="../{other_lang}/{page}.html" hreflang="{other_lang}">{other_name}</a>
</header>
<div class="layout">
  <nav aria-label="{cfg['contents']}">
    <h2>{cfg['contents']}</h2>
    <ol>
{nav}
    </ol>
  </nav>
  <main>
{body.rstrip()}
  </main>
</div>
<footer>{cfg['footer']}</footer>
</body>
</html>
"""
    return out


def main() -> None:
    check = "--check" in sys.argv[1:]
    stale = []
    for lang in LANGS:
        for path, text in build(lang).items():
            if check:
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    stale.append(str(path.relative_to(ROOT)))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if stale:
        sys.exit("docs/guide: built pages are stale, run docs/guide/make.py: " + ", ".join(stale))


if __name__ == "__main__":
    main()
