"""Demo data of 政府信息公开 (docs/disclosure.md): index numbers for the published items,
approved guides, disclosure requests at different stages and a draft annual report."""

import datetime as dt

from django.utils import timezone

GUIDE = {
    "classification": "本机关主动公开的政府信息分为机构职能、领导信息、公开制度、政策文件、政策解读、通知公告、重点领域、年度报告等类目。",
    "arrangement": "政府信息公开目录按类目编排，同一类目内按发布时间倒序排列；每条信息标注索引号、名称、文号、生成日期和有效性。",
    "access": "主动公开的政府信息通过本机关网站、政府公报、档案馆和公共图书馆的查阅点公开；依申请公开可通过网站在线申请、信函或当面提交。",
    "office_hours": "工作日上午9:00—12:00，下午13:30—17:30（法定节假日除外）",
    "request_procedure": "收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日。",
    "remedies": "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向云泽市人民政府办公室投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
}

APPLICANT = {
    "applicant_type": "natural_person",
    "id_document_type": "resident_id",
    "info_format": "electronic",
    "delivery_method": "email",
}


def build_disclosure(builder):
    """Called by ``DemoBuilder.build`` after the sites are filled."""
    from zhanqun.cases import services as cases
    from zhanqun.disclosure import catalog, guides, requests
    from zhanqun.disclosure.enums import ApplicantType, ConsultationKind, Outcome
    from zhanqun.disclosure.models import AnnualReport, Guide

    catalog.assign_missing()
    users, units = builder.users, builder.units
    for key, head in (("office", "office_reviewer"), ("fgw", "fgw_head")):
        unit = units[key]
        guide = Guide.objects.create(
            unit=unit,
            office_name=f"{unit.name}政府信息公开工作机构",
            office_address=unit.address,
            phone=unit.phone,
            fax=unit.phone[:-1] + "9",
            online_contact=f"gongkai@{key}.yunze.gov.cn",
            postcode="735200",
            # 监督举报 (R-DISC-6): complaints about disclosure work go to the government office.
            supervision_body="云泽市人民政府办公室（市政务公开办）",
            supervision_phone="0937-8812345",
            supervision_email="zwgk@yunze.gov.cn",
            supervision_address="云泽市人民路1号市政府大楼3楼",
            **GUIDE,
        )
        guides.submit(guide, users[f"{key}_editor"])
        guides.approve(guide, users[head])

    now = builder.now
    fgw, editor, head = units["fgw"], users["fgw_editor"], users["fgw_head"]

    def receive(days_ago, name, phone, info, **extra):
        return requests.submit_request(
            unit=fgw,
            received_at=now - dt.timedelta(days=days_ago),
            data={**APPLICANT, "name": name, "id_number": f"62098119880{days_ago:03d}123X"[:18], "phone": phone,
                  "email": f"{phone}@example.com", "info_description": info, **extra},
        )

    # New, waiting to be handled.
    receive(1, "赵文博", "13919370001", "2026年云泽市重点项目投资计划安排情况")
    # Waiting for the applicant's correction.
    waiting = receive(3, "钱慧敏", "13919370002", "关于新区供热项目的文件")
    requests.ask_correction(waiting, editor, what="请写明所需文件的名称、文号或者形成时间。",
                            at=now - dt.timedelta(days=2))
    # A third party consulted (clock paused).
    consulting = receive(
        8, "云泽新能源有限公司经办人", "13919370003", "2025年光伏发电项目核准文件及附件",
        applicant_type=ApplicantType.COMMERCIAL, organisation="云泽新能源有限公司", id_document_type="credit_code",
    )
    requests.start_consultation(consulting, editor, kind=ConsultationKind.THIRD_PARTY,
                                party="项目建设单位云泽光能科技有限公司", at=now - dt.timedelta(days=6))
    # Partly disclosed, letter approved and sent.
    answered = receive(20, "孙立群", "13919370004", "2025年市级节能专项资金分配结果")
    requests.decide(answered, editor, outcome=Outcome.PARTIAL,
                    note="分配结果予以公开；企业申报材料中的财务数据属于商业秘密，依据条例第十五条不予公开。",
                    at=now - dt.timedelta(days=5))
    cases.approve_reply(answered.case, head, at=now - dt.timedelta(days=4))
    cases.send_reply(answered.case, editor, at=now - dt.timedelta(days=4))

    publish_annual_reports(builder)
    year = timezone.localtime(now).year
    AnnualReport.objects.create(
        unit=fgw, year=year,
        overview=f"{year}年，{fgw.name}深入贯彻《中华人民共和国政府信息公开条例》，主动公开、依申请公开和政府信息管理工作有序开展。",
        problems="依申请公开答复的规范性还需提高；部分栏目更新不够及时。下一步将加强培训和检查。",
    )


def publish_annual_reports(builder):
    """Last year's 政府信息公开工作年度报告 of every unit with a site, published in its site's
    年度报告 column as the office would (``annual_report.page_body``: the national format's
    tables from the platform's records, with the xlsx and PDF), not a one-sentence stub."""
    from zhanqun.content.models import ArticlePage
    from zhanqun.disclosure import annual_report
    from zhanqun.disclosure.models import AnnualReport

    last_year = timezone.localtime(builder.now).year - 1
    when = min(builder.now, timezone.make_aware(dt.datetime(last_year + 1, 1, 20, 9, 30)))
    for key in builder.sites:
        column = builder.columns_of(key).get("ndbg")
        if column is None:
            continue
        unit = builder.units[key]
        report = AnnualReport.objects.create(
            unit=unit, year=last_year,
            overview=f"{last_year}年，{unit.name}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
                     "不公开为例外，依托政府网站及时主动公开政策文件、通知公告和重点领域信息，依法办理政府信息公开申请，"
                     "政府信息管理和公开平台建设不断加强。",
            problems="一是部分栏目信息更新不够及时；二是政策解读形式较为单一。下一步将健全栏目更新责任制，"
                     "丰富图解、问答等解读形式，提升公开质量。",
            other="本机关本年度未收取信息处理费。",
        )
        page = builder.add(column, ArticlePage(title=str(report), body=annual_report.page_body(report),
                                               source=unit.short_name, responsible_unit=unit), when)
        AnnualReport.objects.filter(pk=report.pk).update(page=page, published_at=when)
