from django.test import RequestFactory, override_settings

from zhanqun.core.http import client_ip


def request(remote="10.0.0.5", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_a_forwarded_header_is_ignored_unless_configured():
    assert client_ip(request(forwarded="1.2.3.4")) == "10.0.0.5"


@override_settings(ZHANQUN_PROXY_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_our_proxy_the_address_it_appended_counts():
    # A client may send its own X-Forwarded-For; nginx appends the real peer last.
    assert client_ip(request("127.0.0.1", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"
