"""Websockets open only from the site's own pages (cross-site websocket hijacking)."""

from types import SimpleNamespace

from bot.guards import allowed_origin


def request(origin, host="127.0.0.1:8080"):
    headers = {} if origin is None else {"origin": origin}
    return SimpleNamespace(headers=headers, host=host)


def test_by_default_only_the_gateways_own_pages_open_websockets():
    assert allowed_origin(request("http://127.0.0.1:8080"), "")
    assert not allowed_origin(request("https://evil.example"), "")
    assert not allowed_origin(request("http://127.0.0.1:8080.evil.example"), "")


def test_configured_origins_replace_the_default():
    configured = "https://shop.example, https://m.shop.example/"
    assert allowed_origin(request("https://m.shop.example"), configured)
    assert not allowed_origin(request("http://127.0.0.1:8080"), configured)


def test_a_client_without_origin_is_no_browser_page():
    assert allowed_origin(request(None), "")
