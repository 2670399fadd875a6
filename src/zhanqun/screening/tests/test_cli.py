"""`zhanqun screen PATH... --json`: JSON output, file/page names and exit codes."""

import json

import pytest

from zhanqun.screening import cli
from zhanqun.screening.tests.files import make_docx, make_pdf, make_xlsx

VALID_ID = "110105198001011238"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clean_file_exits_0(tmp_path, capsys):
    f = tmp_path / "clean.txt"
    f.write_text("市政府召开常务会议。联系电话：0937-8221234。", encoding="utf-8")
    code, out, _ = run(capsys, str(f), "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(capsys, str(f))
    assert code == 0 and "未发现问题" in out


def test_block_finding_exits_1_with_file_added(tmp_path, capsys):
    f = tmp_path / "notice.html"
    f.write_text("<h1>通知</h1><p>秘密★1年</p><p>身份证号" + VALID_ID + "</p>", encoding="utf-8")
    code, out, _ = run(capsys, str(f), "--json")
    assert code == 1
    found = json.loads(out)
    assert [x["category"] for x in found] == ["classified", "personal_info"]
    for x in found:
        assert x["file"] == str(f) and x["page"] is None
        assert set(x) >= {"category", "rule", "severity", "start", "end", "excerpt", "message", "file"}


def test_warn_only_exits_0(tmp_path, capsys):
    f = tmp_path / "link.txt"
    f.write_text("详见 https://shop.example.com/a", encoding="utf-8")
    code, out, _ = run(capsys, str(f), "--json")
    assert code == 0 and [x["severity"] for x in json.loads(out)] == ["warn"]


def test_plain_text_output(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("妥否，请批示。", encoding="utf-8")
    code, out, _ = run(capsys, str(f))
    assert code == 1
    assert f"{f}:0-6: block internal_document" in out and "须整改" in out


def test_pdf_attachment_names_page(tmp_path, capsys):
    pdf = make_pdf(tmp_path / "附件1.pdf", [["第一页正文，无问题。"], ["第二页", "申请人身份证号" + VALID_ID]])
    code, out, _ = run(capsys, str(pdf), "--json")
    assert code == 1
    [x] = json.loads(out)
    assert (x["file"], x["page"], x["rule"]) == (str(pdf), "2", "personal_info.id_number")


def test_docx_and_xlsx_attachments(tmp_path, capsys):
    make_docx(tmp_path / "a.docx", ["关于某事项的说明", "妥否，请批示。"], header="云泽市人民政府文件")
    make_xlsx(
        tmp_path / "b.xlsx",
        {"汇总": [["序号", "内容"], [1, "正常"]], "名单": [["姓名", "手机"], ["张某", "13812345678"]]},
    )
    code, out, _ = run(capsys, str(tmp_path), "--json")
    assert code == 1
    found = {(x["file"].rsplit("/", 1)[-1], x["page"], x["category"]) for x in json.loads(out)}
    assert found == {
        ("a.docx", "body", "internal_document"),
        ("a.docx", "header", "official_marking"),
        ("b.xlsx", "名单", "personal_info"),
    }


def test_dict_dir_option(tmp_path, capsys):
    d = tmp_path / "dicts"
    d.mkdir()
    (d / "sensitive_extra.txt").write_text("甲乙丙丁\tblock\n", encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_text("正文含甲乙丙丁。", encoding="utf-8")
    assert run(capsys, str(f), "--json")[0] == 0
    code, out, _ = run(capsys, str(f), "--json", "--dict-dir", str(d))
    assert code == 1 and json.loads(out)[0]["category"] == "sensitive_word"


def test_title_and_sibling_titles(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("正文。", encoding="utf-8")
    titles = tmp_path / "titles.txt"
    titles.write_text("关于做好防汛工作的通知\n", encoding="utf-8")
    code, out, _ = run(capsys, str(f), "--json", "--title", "关于做好防汛工作的通知", "--sibling-titles", str(titles))
    assert code == 0 and [x["rule"] for x in json.loads(out)] == ["format.duplicate_title"]


def test_unreadable_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf")
    code, _, err = run(capsys, str(bad), "--json")
    assert code == 2 and "broken.pdf" in err


def test_usage_error():
    with pytest.raises(SystemExit):
        cli.main([])


def test_management_command_wraps_cli(tmp_path, capsys):
    from zhanqun.screening.management.commands.screen import Command

    f = tmp_path / "a.txt"
    f.write_text("秘密★1年", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        Command().run_from_argv(["zhanqun", "screen", str(f), "--json"])
    assert exc.value.code == 1
    assert json.loads(capsys.readouterr().out)[0]["rule"] == "classified.mark"
    clean = tmp_path / "b.txt"
    clean.write_text("正文。", encoding="utf-8")
    Command().run_from_argv(["zhanqun", "screen", str(clean)])  # exit 0: returns normally
    assert "未发现问题" in capsys.readouterr().out


def test_site_root_checks_internal_links_against_published_files(tmp_path, capsys):
    site = tmp_path / "public"
    (site / "xxgk" / "2026").mkdir(parents=True)
    (site / "zwdt").mkdir()
    (site / "zwdt" / "index.html").write_text("<p>政务动态</p>", encoding="utf-8")
    (site / "xxgk" / "2026" / "2.html").write_text("<p>第二篇</p>", encoding="utf-8")
    page = site / "xxgk" / "2026" / "1.html"
    page.write_text(
        '<p><a href="2.html">下一篇</a><a href="../../zwdt/">动态</a><a href="3.html">缺失</a>'
        '<a href="/zwdt/">动态</a><a href="/xxgk/2025/">缺失</a></p>',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(page), "--json", "--site-root", str(site))
    found = json.loads(out)
    assert code == 0  # broken links warn
    assert [(x["rule"], x["severity"]) for x in found] == [("format.broken_link", "warn")] * 2
    assert "3.html" in found[0]["message"] and "/xxgk/2025/" in found[1]["message"]
    code, out, _ = run(capsys, str(site), "--json", "--site-root", str(site))  # the whole site
    assert len(json.loads(out)) == 2


def test_base_url_option(tmp_path, capsys):
    site = tmp_path / "public"
    (site / "a").mkdir(parents=True)
    (site / "a" / "ok.html").write_text("ok", encoding="utf-8")
    page = tmp_path / "draft.html"
    page.write_text('<a href="ok.html">好</a><a href="missing.html">坏</a>', encoding="utf-8")
    code, out, _ = run(
        capsys, str(page), "--json", "--site-root", str(site), "--base-url", "https://www.yunze.gov.cn/a/new.html"
    )
    [x] = json.loads(out)
    assert "https://www.yunze.gov.cn/a/missing.html" in x["message"]
