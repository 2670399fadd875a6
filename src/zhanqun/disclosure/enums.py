"""Fixed vocabularies of government information disclosure (政府信息公开).

The outcome rows (``Outcome``/``REASONS``) are exactly the rows of section 三 of the
national annual report format (国办公开办函〔2021〕30号); the applicant columns are its
columns. Do not add to them: the annual report counts by them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantType(models.TextChoices):
    """申请人情况 — the columns of section 三 (Art. 29: 公民、法人或者其他组织)."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


class IdDocumentType(models.TextChoices):
    """身份证明 (Art. 29 (一))."""

    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_TAIWAN = "hmt_permit", _("港澳台居民通行证/居住证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码证")
    OTHER = "other", _("其他有效证件")


class Channel(models.TextChoices):
    """How the application arrived (Art. 31 fixes the receipt date by it)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    LETTER = "letter", _("信函")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


class InfoFormat(models.TextChoices):
    """所需政府信息的载体形式 (Art. 29 (三))."""

    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子文本")
    OTHER = "other", _("其他")


class DeliveryMethod(models.TextChoices):
    """获取信息的方式 (Art. 29 (三))."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上查看")
    PICK_UP = "pick_up", _("当面领取")
    FAX = "fax", _("传真")
    INSPECT = "inspect", _("现场查阅")


class Outcome(models.TextChoices):
    """本年度办理结果 — the six groups of rows of section 三."""

    DISCLOSED = "disclosed", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    UNAVAILABLE = "unavailable", _("无法提供")
    NOT_PROCESSED = "not_processed", _("不予处理")
    OTHER = "other", _("其他处理")


#: The reasons (the numbered sub-rows) under each outcome, in the report's order, by code.
REASONS = {
    Outcome.WITHHELD: [
        ("state_secret", "属于国家秘密"),
        ("prohibited_by_law", "其他法律行政法规禁止公开"),
        ("three_securities_one_stability", "危及“三安全一稳定”"),
        ("third_party_rights", "保护第三方合法权益"),
        ("internal_affairs", "属于三类内部事务信息"),
        ("process_information", "属于四类过程性信息"),
        ("enforcement_file", "属于行政执法案卷"),
        ("administrative_query", "属于行政查询事项"),
    ],
    Outcome.UNAVAILABLE: [
        ("not_held", "本机关不掌握相关政府信息"),
        ("needs_creation", "没有现成信息需要另行制作"),
        ("still_unclear", "补正后申请内容仍不明确"),
    ],
    Outcome.NOT_PROCESSED: [
        ("petition", "信访举报投诉类申请"),
        ("repeated", "重复申请"),
        ("publication", "要求提供公开出版物"),
        ("mass_repeated", "无正当理由大量反复申请"),
        ("confirm_or_reissue", "要求行政机关确认或重新出具已获取信息"),
    ],
    Outcome.OTHER: [
        ("no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other", "其他"),
    ],
}

#: Outcomes that need no reason.
NO_REASON = {Outcome.DISCLOSED, Outcome.PARTIAL}


def reason_label(outcome, reason):
    for code, label in REASONS.get(Outcome(outcome), []):
        if code == reason:
            return label
    return ""


def reason_choices():
    return [(code, f"{Outcome(o).label}：{label}") for o, rows in REASONS.items() for code, label in rows]


class FeeMethod(models.TextChoices):
    """信息处理费 (国办函〔2020〕109号): free unless the office decides to charge."""

    NONE = "none", _("不收费")
    PER_REQUEST = "per_request", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待单位负责人审定")
    APPROVED = "approved", _("已审定")


class ReviewKind(models.TextChoices):
    """行政复议 / 行政诉讼 against a disclosure decision (section 四)."""

    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER = "litigation_after", _("行政诉讼（复议后起诉）")


class ReviewResult(models.TextChoices):
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class ConsultationKind(models.TextChoices):
    """Time that does not count toward the 20 working days (Art. 32, 34; 109号)."""

    THIRD_PARTY = "third_party", _("征求第三方意见")
    OTHER_AGENCY = "other_agency", _("征求其他机关意见")
    FEE_PAYMENT = "fee_payment", _("等待缴纳信息处理费")


class DocumentKind(models.TextChoices):
    """第二十条第（一）项 of the annual report counts these two kinds of documents."""

    RULE = "rule", _("规章")
    NORMATIVE = "normative", _("行政规范性文件")
    OTHER = "other", _("其他文件")
