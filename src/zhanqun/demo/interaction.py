"""Demo data of 互动交流 (docs/interaction.md): mailboxes, a handful of letters and error
reports at different stages, made through the real services so that numbers, clocks and
timelines are what the live system would have. Deterministic: the same letters, at the
same distances from the demo's ``now``, every time."""

import datetime as dt

from zhanqun.cases import services as cases
from zhanqun.interaction import services
from zhanqun.interaction.enums import Channel, ErrorSource, ErrorType, MailboxKind
from zhanqun.interaction.models import InteractionSettings, Mailbox

CITIZENS = [
    {"name": "李明华", "phone": "13893712345", "email": "liminghua@example.com", "address": "云泽市城关镇人民路18号"},
    {"name": "王秀兰", "phone": "13919376543", "address": "云泽市清泉乡清泉村三社"},
    {"name": "赵志强", "phone": "0937-8265432"},
    {"name": "陈静", "phone": "15809371122", "email": "chenjing@example.com"},
    {"name": "刘建国", "phone": "18193700011"},
    {"name": "孙丽娟", "phone": "13309375566"},
]

# (mailbox key, citizen, channel, category, complexity, subject, content, days ago, stage, unit key, reply)
LETTERS = [
    ("mayor", 0, Channel.WEBSITE, "consult", "ordinary", "市图书馆周末开放时间咨询",
     "请问市图书馆周末和节假日的开放时间是几点到几点？能否延长晚间开放时间？", 0, "received", None, ""),
    ("mayor", 1, Channel.HOTLINE, "complain", "ordinary", "来电反映城关镇工地夜间施工噪音扰民",
     "城关镇人民路某工地连续多日夜间施工至凌晨，噪音很大，影响休息。", 12, "handling", "sthjj", ""),
    ("mayor", 2, Channel.WEBSITE, "report", "complex", "举报某村违规发放低保",
     "反映某村村干部亲属违规享受低保待遇，请有关部门调查核实。", 6, "special", "mzj", ""),
    ("mayor", 3, Channel.WEBSITE, "suggest", "ordinary", "建议增加城区公交夜班线路",
     "城区公交末班车时间偏早，建议增加夜班线路，方便晚间出行。", 9, "extended", "fgw", ""),
    ("mayor", 4, Channel.WEBSITE, "consult", "ordinary", "咨询2026年秋季义务教育招生政策",
     "孩子今年满6周岁，户籍在清泉乡，居住在城区，请问能否在城区小学就读？",
     20, "published", "jyj",
     "您好！按照我市2026年义务教育招生政策，随迁子女凭居住证明和户籍证明可在居住地所在学区申请就读，"
     "具体以学区公告为准。咨询电话：0937-8213005。"),
    ("fgw", 5, Channel.WEBSITE, "consult", "ordinary", "咨询居民阶梯电价分档标准",
     "请问我市居民阶梯电价各档的电量和价格是多少？", 15, "moderating", "fgw",
     "您好！我市居民生活用电实行阶梯电价：第一档每月0—170千瓦时，第二档171—260千瓦时，第三档260千瓦时以上。"),
]

# (citizen or None, source, national id, page, type, description, days ago, stage, unit key, reply)
ERRORS = [
    (0, ErrorSource.SITE, None, "/zwdt/", ErrorType.BROKEN_LINK, "政务动态栏目的“下一页”链接打不开。", 0, "received", None, ""),
    (None, ErrorSource.NATIONAL, "GJ2026000123", "/zfxxgk/", ErrorType.TYPO, "“云泽市”误写为“云择市”。", 2, "fixing", "office", ""),
    (3, ErrorSource.SITE, None, "/tzgg/", ErrorType.NOT_UPDATED, "通知公告栏目长期未更新。", 8, "replied", "office",
     "经核查，通知公告栏目已补充发布近期通知，并明确专人每周更新。感谢您的监督！"),
]


def at(builder, days, hours=0):
    return builder.now - dt.timedelta(days=days) + dt.timedelta(hours=hours)


def build_interaction(builder):
    """Mailboxes of the portal and the 发改委's site, and letters and error reports at
    every stage: waiting for triage, at a unit, a special letter routed by a leader's
    instruction, extended, answered and published, waiting for moderation."""
    users, units, sites = builder.users, builder.units, builder.sites
    portal = sites["office"]
    operator, leader = users["operator"], users["leader"]
    InteractionSettings.objects.update_or_create(site=portal, defaults={"confidential_unit": units["office"]})
    boxes = {
        "mayor": Mailbox.objects.create(
            site=portal, name="市长信箱", slug="szxx", kind=MailboxKind.LEADER, leader_name="林志远",
            unit=units["office"], intro="受理群众对市政府工作的咨询、建议、投诉和举报。", sort_order=1,
        ),
        "fgw": Mailbox.objects.create(
            site=sites["fgw"], name="市发展改革委信箱", slug="fgwxx", kind=MailboxKind.UNIT, unit=units["fgw"],
            intro="受理对发展改革、价格等工作的咨询、建议和投诉。", sort_order=1,
        ),
    }
    for box, who, channel, category, complexity, subject, content, days, stage, unit_key, reply in LETTERS:
        received = at(builder, days)
        case = services.submit_letter(
            boxes[box], subject=subject, content=content, category=category, complexity=complexity,
            submitter=CITIZENS[who], channel=channel, received_at=received,
            actor=operator if channel == Channel.HOTLINE else None,
        )
        if stage == "received":
            continue
        unit = units[unit_key]
        editor = users.get(f"{unit_key}_editor", users["office_editor"])
        if stage == "special":
            services.triage_letter(case, operator, category=category, complexity=complexity, special=True,
                                   at=at(builder, days, 1))
            cases.add_instruction(case, leader, f"请{unit.short_name}牵头调查核实，按期报结果。", at=at(builder, days - 1))
            cases.transfer(case, operator, unit, reason="按领导批示转办", at=at(builder, days - 1, 1))
            continue
        services.triage_letter(case, operator, category=category, complexity=complexity, unit=unit,
                               at=at(builder, days, 1))
        if stage == "extended":
            clock = case.clocks.get(code="reply")
            new_due = clock.due_date + dt.timedelta(days=7)
            while not _is_workday(new_due):
                new_due += dt.timedelta(days=1)
            cases.extend(case, editor, clock="reply", new_due=new_due, reason="需协调公交公司测算运营成本，承诺延期答复。",
                         at=at(builder, days - 2))
        if stage in ("published", "moderating"):
            cases.draft_reply(case, editor, reply, public=True, at=at(builder, days - 2))
            cases.approve_reply(case, leader, at=at(builder, days - 2, 2))
            cases.send_reply(case, editor, at=at(builder, days - 2, 3))
            cases.publish_reply(case, operator, at=at(builder, days - 2, 4))
            if stage == "published":
                case.letter.refresh_from_db()
                case.letter.moderation.approve(operator)

    for who, source, national_id, path, error_type, description, days, stage, unit_key, reply in ERRORS:
        received = at(builder, days)
        case = services.submit_error_report(
            portal, page_url=f"https://{portal.hostname}{path}", error_type=error_type, description=description,
            submitter=CITIZENS[who] if who is not None else {}, source=source, national_id=national_id,
            received_at=received, submitted_at=received,
        )
        if stage == "received":
            continue
        unit = units[unit_key]
        cases.assign(case, operator, unit, at=at(builder, days, 0.5))
        if stage == "replied":
            editor = users.get(f"{unit_key}_editor")
            cases.draft_reply(case, editor, reply, at=at(builder, days - 1))
            cases.approve_reply(case, operator, at=at(builder, days - 1, 1))  # the operator checks the fix
            cases.send_reply(case, operator, at=at(builder, days - 1, 2))


def _is_workday(day):
    from zhanqun.workdays.services import get_calendar

    return get_calendar().is_workday(day)
