"""The default catalog templates (R-COL-4, R-DISC-2; 002:7 for departments, 002:9 for
townships) and reply-letter templates (告知书), all editable afterwards."""

from django.db import migrations

# (code, name, column kind, required, description)
GENERAL = [
    ("jgzn", "机构职能", "functions", True, "机构名称、职责、地址、电话，内设机构和所属单位"),
    ("ldxx", "领导信息", "leaders", True, "领导成员姓名、职务及工作分工"),
    ("gkzd", "公开制度", "rules", True, "政府信息公开工作制度"),
    ("zcwj", "政策文件", "documents", True, "规章、行政规范性文件和其他文件（法律依据类）"),
    ("zcjd", "政策解读", "interpretations", True, "政策文件的解读材料"),
    ("tzgg", "通知公告", "notices", True, "通知、公告、公示"),
    ("zdly", "重点领域", "key_areas", True, "财政预决算、重大建设项目、公共资源配置、社会公益事业等"),
    ("ndbg", "年度报告", "annual_report", True, "政府信息公开工作年度报告"),
    ("ghjh", "发展规划", "", False, "中长期发展战略、规划及专项规划"),
    ("xzzf", "行政执法", "", False, "行政许可、处罚、征收、强制、备案、裁决、给付等事项"),
]
TOWNSHIP = [
    ("jgzn", "机构职能", "functions", True, "机构名称、职责、地址、电话"),
    ("ldxx", "领导信息", "leaders", True, "领导成员姓名、职务及工作分工"),
    ("zcwj", "政策文件", "documents", True, "贯彻落实国家和省市方针政策的文件"),
    ("tzgg", "通知公告", "notices", True, "通知、公告、公示"),
    ("zdly", "重点领域", "key_areas", True, "财政收支、专项资金、土地征收补偿、救灾救济款物、集体资产等"),
    ("ndbg", "年度报告", "annual_report", True, "政府信息公开工作年度报告"),
]

LETTER_HEAD = "{applicant}：\n\n本机关于{received}收到您（单位）提出的政府信息公开申请（申请编号：{number}），申请获取“{info}”。"
LETTER_TAIL = (
    "\n\n如对本答复不服，可以在收到本告知书之日起60日内依法申请行政复议，或者在6个月内依法提起行政诉讼。"
    "\n\n{unit}\n{date}"
)
LETTERS = [
    ("disclosed", "政府信息公开告知书（予以公开）",
     "经审查，您申请获取的政府信息属于公开范围，现予以公开，按您选择的方式提供（见附件）。{fee}"),
    ("partial", "政府信息部分公开告知书",
     "经审查，您申请获取的政府信息中部分内容不属于公开范围，依据《中华人民共和国政府信息公开条例》第三十七条，"
     "对可以公开的部分予以提供，不予公开的部分及理由如下：{note}{fee}"),
    ("withheld", "政府信息不予公开告知书",
     "经审查，您申请获取的政府信息{reason}，依据《中华人民共和国政府信息公开条例》，不予公开。理由和依据：{note}"),
    ("unavailable", "政府信息无法提供告知书",
     "经审查，{reason}，依据《中华人民共和国政府信息公开条例》第三十六条，无法向您提供。说明：{note}"),
    ("not_processed", "政府信息公开申请不予处理告知书",
     "经审查，您的申请属于“{reason}”的情形，依据《中华人民共和国政府信息公开条例》，本机关不予处理。说明：{note}"),
    ("other", "政府信息公开申请处理告知书",
     "{reason}。说明：{note}"),
]


def forwards(apps, schema_editor):
    CatalogTemplate = apps.get_model("disclosure", "CatalogTemplate")
    CatalogCategory = apps.get_model("disclosure", "CatalogCategory")
    LetterTemplate = apps.get_model("disclosure", "LetterTemplate")
    for name, unit_kind, rows in (("政府信息公开目录（通用）", "", GENERAL), ("乡镇（街道）政府信息公开目录", "township", TOWNSHIP)):
        template, _created = CatalogTemplate.objects.get_or_create(name=name, defaults={"unit_kind": unit_kind})
        for order, (code, label, kind, required, description) in enumerate(rows):
            CatalogCategory.objects.get_or_create(
                template=template, code=code,
                defaults={"name": label, "column_kind": kind, "required": required, "description": description,
                          "sort_order": order},
            )
    for outcome, title, body in LETTERS:
        LetterTemplate.objects.get_or_create(
            outcome=outcome, reason="", defaults={"title": title, "body": LETTER_HEAD + "\n\n" + body + LETTER_TAIL}
        )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
