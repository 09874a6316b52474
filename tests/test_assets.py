"""Static files are cached by version for a year; pages and files go out compressed."""

import gzip
import re
from pathlib import Path

import brotli

from nastavnik.platform.assets import IMMUTABLE

ROOT = Path(__file__).resolve().parent.parent
ASSET_RE = re.compile(r'(?:href|src)="(/(?:bootstrap/)?static/[^"]+)"')


def assets_of(page: str) -> list[str]:
    return [url.replace("&amp;", "&") for url in ASSET_RE.findall(page)]


def test_every_asset_of_a_page_has_a_versioned_url_cached_for_a_year(client):
    urls = assets_of(client.get("/login").get_data(as_text=True))
    assert {u.split("?")[0] for u in urls} >= {
        "/static/nastavnik.css", "/bootstrap/static/css/bootstrap.min.css",
        "/bootstrap/static/js/bootstrap.min.js"}
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == IMMUTABLE, url


def test_the_version_is_the_files_content_hash(client):
    import hashlib

    css = (ROOT / "nastavnik" / "static" / "nastavnik.css").read_bytes()
    [url] = [u for u in assets_of(client.get("/login").get_data(as_text=True))
             if u.startswith("/static/nastavnik.css")]
    assert url.endswith("?v=" + hashlib.sha256(css).hexdigest()[:12])


def test_an_unversioned_or_stale_url_is_revalidated_not_pinned(client):
    for url in ("/static/nastavnik.css", "/static/nastavnik.css?v=000000000000",
                "/bootstrap/static/css/bootstrap.min.css"):
        response = client.get(url)
        assert response.status_code == 200
        assert "immutable" not in response.headers.get("Cache-Control", ""), url
        assert "no-cache" in response.headers["Cache-Control"], url


def test_a_page_goes_out_gzipped_or_brotli_when_the_browser_accepts_it(client):
    plain = client.get("/login").get_data()
    zipped = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert b"csrf_token" in gzip.decompress(zipped.get_data())
    assert len(zipped.get_data()) < len(plain) / 2
    brotlied = client.get("/login", headers={"Accept-Encoding": "br"})
    assert brotlied.headers["Content-Encoding"] == "br"
    assert b"csrf_token" in brotli.decompress(brotlied.get_data())


def test_css_and_js_go_out_compressed_and_still_cached(client):
    page = client.get("/login").get_data(as_text=True)
    for url in assets_of(page):
        response = client.get(url, headers={"Accept-Encoding": "br, gzip"})
        body = b"".join(response.response)
        assert response.headers["Content-Encoding"] == "br", url
        assert response.headers["Cache-Control"] == IMMUTABLE, url
        original = client.get(url).get_data()
        assert brotli.decompress(body) == original, url
        assert len(body) < len(original) / 2, url


def test_nginx_serves_both_static_folders_compressed_and_cached_by_version():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "location /static/" in conf and "location /bootstrap/static/" in conf
    assert re.search(r"^\s*gzip on;", conf, re.M)
    assert "immutable" in conf and "$arg_v" in conf
