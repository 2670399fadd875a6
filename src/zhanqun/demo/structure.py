"""The demo site group: a fictional city, 云泽市 (Yunze), its office, departments and
townships, their sites and one account per role. Data only; ``loader`` builds it."""

CITY = "云泽市"
PINYIN = "yunze"
PORTAL_DOMAIN = f"www.{PINYIN}.gov.cn"
PROVINCE = "甘肃省"
ICP_BASE = "甘ICP备05000384号"

# key, name, short name, kind, site subdomain (None: no own site), credit code
UNITS = [
    ("office", "云泽市人民政府办公室", "市政府办", "office", None),
    ("fgw", "云泽市发展和改革委员会", "市发展改革委", "department", "fgw"),
    ("jyj", "云泽市教育局", "市教育局", "department", "jyj"),
    ("czj", "云泽市财政局", "市财政局", "department", "czj"),
    ("mzj", "云泽市民政局", "市民政局", "department", "mzj"),
    ("wjw", "云泽市卫生健康委员会", "市卫生健康委", "department", "wjw"),
    ("sthjj", "云泽市生态环境局", "市生态环境局", "department", "sthjj"),
    ("cgz", "云泽市城关镇人民政府", "城关镇", "township", None),
    ("qqx", "云泽市清泉乡人民政府", "清泉乡", "township", None),
]

# Topics each unit writes about: (topic, policy-document subject)
UNIT_TOPICS = {
    "office": ["优化营商环境", "政务服务“一网通办”", "安全生产", "防汛抗旱", "招商引资", "数字政府建设"],
    "fgw": ["重大项目建设", "物价监测", "社会信用体系建设", "节能降耗", "以工代赈", "粮食安全"],
    "jyj": ["义务教育均衡发展", "校园安全", "学前教育普惠", "职业教育", "教师队伍建设", "课后服务"],
    "czj": ["预算绩效管理", "政府采购", "惠民惠农财政补贴", "国有资产管理", "减税降费", "财政资金直达"],
    "mzj": ["最低生活保障", "养老服务体系", "社会救助", "婚姻登记", "殡葬改革", "社区治理"],
    "wjw": ["基本公共卫生服务", "家庭医生签约", "爱国卫生运动", "医疗卫生能力提升", "疫苗接种", "健康乡村"],
    "sthjj": ["大气污染防治", "水生态保护", "土壤污染防治", "环境执法", "固体废物治理", "生态文明示范创建"],
    "cgz": ["人居环境整治", "乡村振兴", "平安建设"],
    "qqx": ["特色产业发展", "农田水利建设", "移风易俗"],
}

# username, full name (family, given), role, unit key, position
DEMO_USERS = [
    ("admin", ("刘", "志强"), None, "office", "平台超级管理员"),
    ("sysadmin", ("韩", "立新"), "system_administrator", "office", "系统管理员"),
    ("secadmin", ("钱", "卫国"), "security_administrator", "office", "安全管理员"),
    ("operator", ("周", "敏"), "site_operator", "office", "网站管理员"),
    ("office_reviewer", ("王", "建华"), "office_reviewer", "office", "政府办公室副主任"),
    ("secrecy", ("郑", "海燕"), "confidentiality_reviewer", "office", "保密审查员"),
    ("auditor", ("冯", "静"), "auditor", "office", "审计员"),
    ("leader", ("赵", "国强"), "leader_in_charge", "office", "副市长"),
    ("fgw_head", ("李", "卫东"), "unit_head", "fgw", "主任"),
    ("fgw_editor", ("陈", "晓梅"), "unit_editor", "fgw", "信息员"),
    ("jyj_head", ("孙", "丽"), "unit_head", "jyj", "局长"),
    ("jyj_editor", ("刘", "洋"), "unit_editor", "jyj", "信息员"),
    ("czj_editor", ("杨", "帆"), "unit_editor", "czj", "信息员"),
    ("mzj_editor", ("黄", "婷"), "unit_editor", "mzj", "信息员"),
    ("wjw_editor", ("吴", "磊"), "unit_editor", "wjw", "信息员"),
    ("sthjj_editor", ("徐", "静怡"), "unit_editor", "sthjj", "信息员"),
    ("office_editor", ("马", "超"), "unit_editor", "office", "信息员"),
    ("cgz_editor", ("朱", "红梅"), "unit_editor", "cgz", "信息员"),
    ("qqx_editor", ("胡", "永刚"), "unit_editor", "qqx", "信息员"),
]

# Members of the 领导小组 (leading group), who approve 重大 items last (docs/review.md).
# Not a role of its own: a group. username, full name, unit key, position
LEADING_GROUP_USERS = [
    ("lingdao", ("林", "志远"), "office", "市长、网站工作领导小组组长"),
]

# Items left in review, so the demo shows the workflow 信息发布审核 at every stage
# (docs/review.md). Each: site key, column slug, editor, importance, title, body,
# then the decisions taken so far: (username, "approve" | "reject", opinion).
REVIEW_ITEMS = [
    ("fgw", "zwdt", "fgw_editor", "business", "关于2026年第一批中央预算内投资项目推进情况的通报",
     "市发展改革委对第一批中央预算内投资项目开展调度，全市32个项目均已开工，完成投资进度符合要求。",
     []),
    ("fgw", "zwdt", "fgw_editor", "important", "全市1—10月重点项目建设进展情况",
     "1—10月，全市列入年度计划的重点项目完成投资同比增长，重大产业项目加快推进，城市更新项目按期实施。",
     [("fgw_head", "approve", "同意。"), ("leader", "approve", "同意，报政府办公室审核。")]),
    ("fgw", "zwdt", "fgw_editor", "general", "11月重要民生商品价格监测情况",
     "本月全市粮油、蔬菜、肉类价格总体平稳。如有疑问请联系价格监测中心张敏，手机13912345678。",
     []),
    ("fgw", "zwdt", "fgw_editor", "business", "以工代赈项目劳务报酬发放情况公示",
     "根据以工代赈项目管理有关规定，现将清泉乡农田水利项目劳务报酬发放情况予以公示，公示期5个工作日。",
     [("fgw_head", "approve", "同意。"), ("leader", "reject", "请补充公示期内的监督电话，并核对发放人数。")]),
    ("fgw", "zwdt", "fgw_editor", "general", "市发展改革委开展节能宣传周活动",
     "节能宣传周期间，市发展改革委组织开展节能知识进社区、进企业活动，发放宣传资料2000余份。",
     [("fgw_head", "approve", "同意发布。")]),
    ("office", "zwdt", "office_editor", "major", "云泽市2027年政府工作报告起草工作启动",
     "市政府召开政府工作报告起草工作会议，对起草工作作出安排，广泛听取各方面意见建议。",
     [("office_reviewer", "approve", "同意。"), ("leader", "approve", "同意，报领导小组审定。"),
      ("office_reviewer", "approve", "经审核，同意报领导小组。")]),
]

# What the public sent, waiting in 审核 → 公众提交审核 (R-INT-3): kind, title, text,
# author, and the operator's decision if any.
MODERATION_SUBMISSIONS = [
    ("领导信箱", "建议延长市图书馆周末开放时间", "市图书馆周末下午五点闭馆，建议延长至晚上八点，方便上班族阅读。", "李女士", None),
    ("领导信箱", "反映城关镇夜间施工噪音扰民", "城关镇人民路工地夜间施工至凌晨，噪音很大，请尽快处理，我的电话13812345678。", "王先生", None),
    ("意见征集", "优质门窗厂家直销", "优质门窗厂家直销，全城最低价，立即抢购！", "匿名", ("reject", "广告信息，不予显示。")),
]

# Leaders shown in 领导信息: name, position, portfolio
CITY_LEADERS = [
    ("林志远", "市委副书记、市长", "主持市政府全面工作。负责审计方面工作。"),
    ("赵国强", "市委常委、常务副市长", "负责市政府常务工作。分管发展改革、财政、税务、统计等方面工作。"),
    ("钱秀英", "副市长", "负责教育、卫生健康、民政、医疗保障等方面工作。"),
    ("何建军", "副市长", "负责生态环境、自然资源、住房和城乡建设等方面工作。"),
]
UNIT_LEADER_TITLES = {"department": ["主任", "副主任"], "township": ["镇长", "副镇长"]}

# Sources of reprints: name, base URL
REPRINT_SOURCES = [
    ("中国政府网", "https://www.gov.cn/zhengce/"),
    ("甘肃省人民政府", "https://www.gansu.gov.cn/gsszf/c100002/"),
    ("新华网", "https://www.news.cn/politics/"),
    ("人民网", "https://politics.people.com.cn/"),
]


# 办事服务: service guides on the portal, (unit, title, [(element, text)]). The last one
# lacks 设定依据, 收费标准, 办理时间 and 办理流程, as real guides often do.
_GUIDE_PLACE = "云泽市政务服务中心一楼综合窗口（人民路 88 号）"
SERVICE_GUIDES = [
    ("mzj", "内地居民婚姻登记办事指南", [
        ("事项名称", "内地居民结婚登记"),
        ("设定依据", "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》"),
        ("申请条件", "男女双方自愿结婚，达到法定婚龄，无禁止结婚情形"),
        ("办理材料", "双方本人的居民身份证、户口簿；本人无配偶以及与对方没有直系血亲和三代以内旁系血亲关系的签字声明"),
        ("办理地点", "云泽市民政局婚姻登记处（市政务服务中心三楼）"),
        ("办理机构", "云泽市民政局"),
        ("收费标准", "不收费"),
        ("办理时间", "法定工作日 上午 9:00—12:00，下午 13:30—17:00"),
        ("联系电话", "0000-12345601"),
        ("办理流程", "申请—受理—审查—登记（颁发结婚证）"),
    ]),
    ("jyj", "义务教育阶段转学办事指南", [
        ("事项名称", "义务教育阶段学生转学"),
        ("设定依据", "《中华人民共和国义务教育法》；《中小学生学籍管理办法》"),
        ("申请条件", "具有本市户籍或持有本市居住证的适龄儿童少年"),
        ("办理材料", "转学申请表、户口簿、居住证或房产证明"),
        ("办理地点", _GUIDE_PLACE),
        ("办理机构", "云泽市教育局"),
        ("收费标准", "不收费"),
        ("办理时间", "每学期开学前两周的工作日"),
        ("联系电话", "0000-12345602"),
        ("办理流程", "转入学校同意—转出学校核办—教育局审核—学籍系统转接"),
    ]),
    ("wjw", "出生医学证明补发办事指南", [
        ("事项名称", "出生医学证明补发"),
        ("申请条件", "出生医学证明遗失且未满 18 周岁"),
        ("办理材料", "父母双方身份证、户口簿、遗失声明"),
        ("办理地点", _GUIDE_PLACE),
        ("办理机构", "云泽市卫生健康委员会"),
        ("联系电话", "0000-12345603"),
    ]),
]
