"""The public interaction pages are valid HTML5 (the Nu Html Checker, as the published
pages are checked: ``vnu.jar`` from the ``vnu-jar`` npm package, on Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from zhanqun.cases import services as cases
from zhanqun.conftest import PORTAL_HOST
from zhanqun.interaction import services
from zhanqun.interaction.factories import letter
from zhanqun.review.models import ModerationItem

from .test_letters import post_letter

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[4]
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_public_interaction_page_is_valid_html5(mayor_box, dispatcher, operator2, handler, leader, units, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.skip("HTML validation needs Java and node_modules/vnu-jar (make node-tools).")
    answered = letter(mayor_box, category="consult")
    services.triage_letter(answered, dispatcher, category="consult", complexity="ordinary", unit=units.fgw)
    cases.draft_reply(answered, handler, "已答复。\n\n第二段。", public=True)
    cases.approve_reply(answered, leader)
    cases.send_reply(answered, handler)
    cases.publish_reply(answered, dispatcher)
    ModerationItem.objects.get().approve(operator2)

    client = Client(HTTP_HOST=PORTAL_HOST)
    pages = {
        "index": client.get("/hudong/"),
        "form": client.get("/hudong/xiexin/szxx/"),
        "form-errors": client.post("/hudong/xiexin/szxx/", {"submission_key": "x", "category": "nope"}),
        "answered": client.get("/hudong/huifu/"),
        "answered-detail": client.get(f"/hudong/huifu/{answered.number}/"),
        "statistics": client.get("/hudong/tongji/"),
        "query": client.get("/hudong/chaxun/"),
        "query-status": client.post("/hudong/chaxun/", {"code": answered.query_code}),
        "query-missing": client.post("/hudong/chaxun/", {"code": "AAAA-BBBB-CCCC"}),
        "errors": client.get("/hudong/zhaocuo/"),
        "errors-invalid": client.post("/hudong/zhaocuo/", {"submission_key": "y", "page_url": "not a url"}),
    }
    post_letter(client, mayor_box)
    pages["receipt"] = client.get("/hudong/yitijiao/")
    pages["receipt-expired"] = Client(HTTP_HOST=PORTAL_HOST).get("/hudong/yitijiao/")
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert problems == [], "\n".join(problems)
