"""Plausible Chinese government prose for the demo, generated deterministically.

Nothing here is real news: the city, names and numbers are invented. Sentences follow
the patterns of county-level government sites so the pages look and read like one.
"""

import random

NEWS_TITLES = [
    "{short}召开{topic}工作推进会",
    "{short}部署{topic}重点工作",
    "{city}{topic}工作取得阶段性成效",
    "{short}开展{topic}专项行动",
    "{short}组织{topic}业务培训",
    "{leader}调研{topic}工作",
    "{short}召开{topic}工作座谈会",
    "{city}举办{topic}宣传活动",
    "{short}扎实推进{topic}",
    "{short}{month}月份{topic}工作综述",
]
NOTICE_TITLES = [
    "关于开展{topic}工作的通知",
    "关于{topic}有关事项的公告",
    "关于做好{year}年{topic}工作的通知",
    "{short}关于{topic}的公示",
    "关于征求《{city}{topic}工作方案（征求意见稿）》意见的公告",
]
DOC_TITLES = [
    "{issuer}关于印发《{city}{topic}实施方案》的通知",
    "{issuer}关于进一步加强{topic}工作的意见",
    "{issuer}关于印发《{city}{topic}管理办法》的通知",
    "{issuer}关于推进{topic}高质量发展的实施意见",
]
OPENINGS = [
    "近日，{short}召开专题会议，研究部署{topic}工作。",
    "为深入贯彻落实上级决策部署，{short}结合实际，扎实推进{topic}各项工作。",
    "{date}，{short}组织相关科室和单位负责同志，对{topic}工作进行再安排、再部署。",
]
MIDDLES = [
    "会议指出，{topic}事关群众切身利益，各单位要提高政治站位，压实工作责任，确保各项任务落到实处。",
    "会议强调，要坚持问题导向，聚焦重点领域和薄弱环节，建立工作台账，实行清单化管理、销号式推进。",
    "截至目前，全市已累计完成相关任务{n}项，完成年度目标的{pct}%，各项指标稳中有进。",
    "下一步，{short}将持续加强统筹协调，强化督促检查，推动{topic}工作再上新台阶。",
    "各乡镇、各部门要加强协作配合，形成工作合力，及时研究解决工作中遇到的困难和问题。",
    "要加大政策宣传解读力度，通过政府网站、政务新媒体等渠道及时回应社会关切。",
]
DOC_PARAGRAPHS = [
    "一、总体要求。坚持以人民为中心的发展思想，围绕{topic}，完善体制机制，提升服务水平。",
    "二、主要目标。到{year2}年，{topic}工作体系基本健全，重点任务全面完成，群众满意度明显提升。",
    "三、重点任务。（一）健全工作机制。（二）强化要素保障。（三）加强监督考核。",
    "四、保障措施。各地各部门要加强组织领导，明确责任分工，确保各项措施落地见效。",
    "本{kind}自印发之日起施行，有效期五年。",
]
INTERPRETATION_PARAGRAPHS = [
    "一、起草背景。为贯彻落实上级有关部署，进一步推动{topic}工作，结合我市实际，起草了本文件。",
    "二、主要内容。文件共分为总体要求、主要目标、重点任务和保障措施四个部分。",
    "三、创新举措。文件提出建立部门协同机制，明确了各责任单位的工作任务和完成时限。",
    "四、解读机关及联系方式。解读机关：{unit}；联系电话：0937-{phone}。",
]
REPRINT_TITLES = [
    "国务院办公厅关于{topic}的指导意见",
    "{province}出台{topic}若干措施",
    "权威发布：{topic}政策问答",
    "{province}召开{topic}工作电视电话会议",
]
BIOGRAPHY = (
    "男，汉族，{birth}年{bm}月生，{native}人，大学学历，{joined}年参加工作，中共党员。"
    "历任{city}{prior}等职。现任{position}。"
)
NATIVE_PLACES = ["甘肃天水", "甘肃武威", "陕西宝鸡", "甘肃张掖", "宁夏固原", "甘肃定西"]
PRIOR_POSTS = ["副县长、县长", "发展和改革委员会副主任、主任", "乡镇党委书记", "财政局副局长"]


class Writer:
    def __init__(self, seed=2026):
        self.rng = random.Random(seed)

    def pick(self, seq):
        return self.rng.choice(seq)

    def _fill(self, template, **ctx):
        ctx.setdefault("n", self.rng.randint(12, 260))
        ctx.setdefault("pct", self.rng.randint(55, 98))
        ctx.setdefault("phone", self.rng.randint(8200000, 8299999))
        return template.format(**ctx)

    def paragraphs(self, templates, count, **ctx):
        """``count`` of the templates, kept in their written order (一、二、三 …)."""
        chosen = sorted(self.rng.sample(range(len(templates)), k=min(count, len(templates))))
        return "".join(f"<p>{self._fill(templates[i], **ctx)}</p>" for i in chosen)

    def news(self, **ctx):
        title = self._fill(self.pick(NEWS_TITLES), **ctx)
        body = f"<p>{self._fill(self.pick(OPENINGS), **ctx)}</p>" + self.paragraphs(MIDDLES, 4, **ctx)
        return title, body

    def notice(self, **ctx):
        title = self._fill(self.pick(NOTICE_TITLES), **ctx)
        body = (
            "<p>各乡镇人民政府，市直各部门、各有关单位：</p>"
            + self.paragraphs(MIDDLES, 3, **ctx)
            + f"<p>联系电话：0937-{self.rng.randint(8200000, 8299999)}</p>"
        )
        return title, body

    def policy_document(self, **ctx):
        title = self._fill(self.pick(DOC_TITLES), **ctx)
        kind = "方案" if "方案" in title else ("办法" if "办法" in title else "意见")
        body = self.paragraphs(DOC_PARAGRAPHS, 5, kind=kind, **ctx)
        return title, body

    def interpretation(self, **ctx):
        title = f"《{ctx['doc_short']}》政策解读"
        body = self.paragraphs(INTERPRETATION_PARAGRAPHS, 4, **ctx)
        return title, body

    def reprint(self, **ctx):
        title = self._fill(self.pick(REPRINT_TITLES), **ctx)
        body = self.paragraphs(MIDDLES, 3, **ctx)
        return title, body

    def biography(self, **ctx):
        birth = self.rng.randint(1966, 1980)
        return "<p>" + BIOGRAPHY.format(
            birth=birth,
            bm=self.rng.randint(1, 12),
            native=self.pick(NATIVE_PLACES),
            joined=birth + 22,
            prior=self.pick(PRIOR_POSTS),
            **ctx,
        ) + "</p>"
