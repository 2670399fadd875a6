"""The line classifier and file reading, without Django."""

import gzip
from datetime import date

from zhanqun.analytics import logparse

CLASSIFIER = logparse.LineClassifier(logparse.load_bot_patterns())
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36"


def classify(request, status=200, agent=UA, tail=' "www.yunze.gov.cn"'):
    text = f'203.0.113.7 - - [05/Nov/2026:10:15:02 +0800] "{request}" {status} 512 "-" "{agent}"{tail}\n'
    return CLASSIFIER.classify(text.encode())


def test_a_page_view_gives_day_host_path_and_visitor():
    reason, view = classify("GET /zwdt/cwhy/ HTTP/1.1")
    assert reason is None
    assert view == (date(2026, 11, 5), b"www.yunze.gov.cn", "/zwdt/cwhy/", b"203.0.113.7", UA.encode())


def test_the_combined_format_has_no_host():
    assert classify("GET / HTTP/1.1", tail="")[1][1] is None


def test_index_html_query_strings_and_escapes_name_the_same_page():
    assert classify("GET /zwdt/index.html?from=home HTTP/1.1")[1][2] == "/zwdt/"
    assert classify("GET /%E4%B8%93%E9%A2%98/ HTTP/1.1")[1][2] == "/专题/"
    assert classify("GET /about.html HTTP/1.1")[1][2] == "/about.html"


def test_revalidation_and_head_count_but_errors_and_posts_do_not():
    assert classify("GET / HTTP/1.1", status=304)[0] is None
    assert classify("HEAD / HTTP/1.1")[0] is None
    assert classify("GET / HTTP/1.1", status=404)[0] == logparse.NOT_SUCCESSFUL
    assert classify("GET /zwdt HTTP/1.1", status=301)[0] == logparse.NOT_SUCCESSFUL
    assert classify("POST /hudong/xx/ HTTP/1.1")[0] == logparse.NOT_SUCCESSFUL
    assert classify("\\x16\\x03\\x01", status=400)[0] == logparse.NOT_SUCCESSFUL


def test_static_files_feeds_and_attachments_are_not_pages():
    for target in (
        "/static/zhanqun/site.css",
        "/favicon.ico",
        "/zwdt/feed.xml",
        "/sitemap.xml",
        "/documents/12/a.pdf",
        "/media/images/x.jpg",
        "/healthz",
        "/captcha/image/abc/",
    ):
        assert classify(f"GET {target} HTTP/1.1")[0] == logparse.NOT_PAGE, target


def test_crawlers_monitors_and_empty_agents_are_bots():
    for agent in (
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (compatible; Googlebot/2.1)",
        "Zhanqun-Monitor/1",
        "curl/8.5.0",
        "python-requests/2.32",
        "-",
    ):
        assert classify("GET / HTTP/1.1", agent=agent)[0] == logparse.BOT, agent


def test_the_bot_list_is_editable(tmp_path):
    listing = tmp_path / "bots.txt"
    listing.write_text("# ours\nQiyeWechat\n", encoding="utf-8")
    classifier = logparse.LineClassifier(logparse.load_bot_patterns(listing))
    text = b'1.2.3.4 - - [05/Nov/2026:10:15:02 +0800] "GET / HTTP/1.1" 200 1 "-" "Mozilla qiyewechat/3" "h"\n'
    assert classifier.classify(text)[0] == logparse.BOT
    assert classifier.classify(text.replace(b"qiyewechat", b"Chrome"))[0] is None


def test_malformed_lines_are_recognised():
    for text in (
        b"garbage\n",
        b'1.2.3.4 - - [99/Xyz/2026:10:15:02 +0800] "GET / HTTP/1.1" 200 1 "-" "UA"\n',
        b'1.2.3.4 - - [05/Nov/2026:10:15:02 +0800] "GET / HTTP/1.1" 200\n',
    ):
        assert CLASSIFIER.classify(text)[0] == logparse.MALFORMED


def test_a_file_is_known_by_its_first_line_even_renamed_and_compressed(tmp_path):
    plain = tmp_path / "access.log"
    plain.write_bytes(b"first line\nsecond\n")
    packed = tmp_path / "access.log.2.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert logparse.fingerprint(plain) == logparse.fingerprint(packed) is not None
    plain.write_bytes(b"first li")  # nginx still writing the first line
    assert logparse.fingerprint(plain) is None


def test_reading_resumes_at_an_offset_and_leaves_a_partial_last_line(tmp_path):
    path = tmp_path / "access.log"
    path.write_bytes(b"one\ntwo\nthr")
    with logparse.open_log(path) as f:
        assert list(logparse.read_lines(f, 4)) == [(b"two\n", 8)]
    path.with_suffix(".gz").write_bytes(gzip.compress(b"one\ntwo\nthree\n"))
    with logparse.open_log(path.with_suffix(".gz")) as f:
        assert list(logparse.read_lines(f, 8)) == [(b"three\n", 14)]


def test_the_visitor_pseudonym_depends_on_the_days_salt():
    one = logparse.visitor_hash(b"a" * 32, b"203.0.113.7", b"UA")
    assert one == logparse.visitor_hash(b"a" * 32, b"203.0.113.7", b"UA")
    assert one != logparse.visitor_hash(b"b" * 32, b"203.0.113.7", b"UA")
    assert "203" not in one and len(one) == 16


def test_lines_in_the_format_zhanqun_deploy_nginx_configures_carry_the_host():
    import re

    from zhanqun.core import nginx

    fmt = re.search(r"log_format zhanqun (.*?);\n", nginx.render_site_config(), re.S).group(1)
    template = "".join(re.findall(r"'([^']*)'", fmt))
    values = {
        "remote_addr": "203.0.113.7",
        "remote_user": "-",
        "time_local": "05/Nov/2026:10:15:02 +0800",
        "request": "GET /zwdt/ HTTP/1.1",
        "status": "200",
        "body_bytes_sent": "5120",
        "http_referer": "-",
        "http_user_agent": UA,
        "host": "fgw.yunze.gov.cn",
    }
    written = re.sub(r"\$(\w+)", lambda m: values[m.group(1)], template) + "\n"
    reason, view = CLASSIFIER.classify(written.encode())
    assert reason is None and view[1] == b"fgw.yunze.gov.cn" and view[2] == "/zwdt/"


def test_the_day_is_beijings_whatever_time_zone_the_server_writes():
    def day(stamp):
        line = f'203.0.113.7 - - [{stamp}] "GET / HTTP/1.1" 200 512 "-" "{UA}" "www.yunze.gov.cn"\n'
        return CLASSIFIER.classify(line.encode())[1][0]

    # A public server running in UTC: 23:30 on 31 October is 07:30 on 1 November in Beijing.
    assert day("31/Oct/2026:23:30:00 +0000") == date(2026, 11, 1)
    assert day("31/Oct/2026:15:59:59 +0000") == date(2026, 10, 31)
    assert day("31/Dec/2026:16:00:00 +0000") == date(2027, 1, 1)
    assert day("01/Nov/2026:07:30:00 +0800") == date(2026, 11, 1)
    assert day("01/Nov/2026:00:30:00 +0900") == date(2026, 10, 31)
    assert day("31/Oct/2026:13:00:00 -0500") == date(2026, 11, 1)
