//! The catalogue of columns: each one's token, the header an export writes, and the other
//! headers municipal files use for it.

use super::Column;

/// One column's row in the catalogue.
pub(super) struct Spec {
    pub(super) column: Column,
    pub(super) token: &'static str,
    pub(super) header: &'static str,
    pub(super) aliases: &'static [&'static str],
}

const fn spec(
    column: Column,
    token: &'static str,
    header: &'static str,
    aliases: &'static [&'static str],
) -> Spec {
    Spec {
        column,
        token,
        header,
        aliases,
    }
}

/// The table, in export order.
pub(super) const SPECS: &[Spec] = &[
    spec(Column::Id, "id", "ID", &[]),
    spec(
        Column::ResidentNumber,
        "resident-number",
        "宛名番号",
        &[
            "宛名コード",
            "住民番号",
            "個人番号",
            "住民コード",
            "resident_number",
        ],
    ),
    spec(
        Column::Name,
        "name",
        "氏名",
        &["名前", "氏名漢字", "漢字氏名", "対象者氏名", "name"],
    ),
    spec(
        Column::Furigana,
        "furigana",
        "フリガナ",
        &[
            "ふりがな",
            "カナ氏名",
            "氏名カナ",
            "氏名フリガナ",
            "カナ",
            "よみがな",
        ],
    ),
    spec(Column::Sex, "sex", "性別", &["性", "sex"]),
    spec(
        Column::DateOfBirth,
        "date-of-birth",
        "生年月日",
        &["誕生日", "生年月日和暦", "date_of_birth"],
    ),
    spec(
        Column::Address,
        "address",
        "住所",
        &["住所又は居所", "現住所", "住所地", "居所", "address"],
    ),
    spec(
        Column::Phone,
        "phone",
        "電話番号",
        &["電話", "自宅電話", "自宅電話番号", "連絡先", "tel", "phone"],
    ),
    spec(
        Column::MobilePhone,
        "mobile-phone",
        "携帯電話",
        &["携帯電話番号", "携帯", "携帯番号"],
    ),
    spec(
        Column::Fax,
        "fax",
        "FAX",
        &["ファクス", "ファックス", "FAX番号"],
    ),
    spec(
        Column::Email,
        "email",
        "メール",
        &["メールアドレス", "email", "e-mail"],
    ),
    spec(Column::District, "district", "地区", &["地区名", "行政区"]),
    spec(
        Column::Association,
        "association",
        "自治会",
        &["自治会名", "町内会", "自治会・町内会"],
    ),
    spec(Column::Block, "block", "班", &["班名", "組"]),
    spec(
        Column::AddressProtected,
        "address-protected",
        "住所秘匿",
        &["支援措置", "DV等支援措置"],
    ),
    spec(
        Column::WelfareCommissioner,
        "welfare-commissioner",
        "担当民生委員",
        &["民生委員"],
    ),
    spec(
        Column::Category,
        "category",
        "区分",
        &["対象区分", "登録区分"],
    ),
    spec(
        Column::SupportReason,
        "support-reason",
        "避難支援等を必要とする事由",
        &["支援を必要とする事由", "支援が必要な理由", "事由"],
    ),
    spec(
        Column::CareLevel,
        "care-level",
        "要介護度",
        &["要介護状態区分", "介護度", "要介護認定"],
    ),
    spec(
        Column::CareLevelUntil,
        "care-level-until",
        "認定有効期間終了日",
        &[
            "認定有効期間",
            "認定有効期間満了日",
            "認定有効期限",
            "介護認定有効期間",
            "要介護認定有効期間",
            "要介護認定有効期間終了日",
            "要介護認定有効期限",
            "care_level_until",
        ],
    ),
    spec(
        Column::PhysicalGrade,
        "physical-disability-grade",
        "身体障害者手帳等級",
        &["身体障害者手帳", "身障手帳等級", "身体障害等級", "身体等級"],
    ),
    spec(
        Column::PhysicalKind,
        "physical-disability-type",
        "身体障害種別",
        &["障害種別", "身体障害の種別"],
    ),
    spec(
        Column::IntellectualGrade,
        "intellectual-disability-grade",
        "療育手帳",
        &["療育手帳等級", "療育手帳判定"],
    ),
    spec(
        Column::MentalGrade,
        "mental-disability-grade",
        "精神障害者保健福祉手帳等級",
        &["精神障害者保健福祉手帳", "精神手帳等級", "精神等級"],
    ),
    spec(
        Column::IntractableDisease,
        "intractable-disease",
        "難病",
        &["難病名", "特定疾病"],
    ),
    spec(
        Column::MedicalDevices,
        "medical-devices",
        "医療機器",
        &["使用医療機器", "医療的ケア"],
    ),
    spec(Column::Mobility, "mobility", "移動手段", &["移動", "歩行"]),
    spec(
        Column::Household,
        "household",
        "世帯状況",
        &["世帯", "世帯構成", "同居状況", "家族構成"],
    ),
    spec(
        Column::FloodZone,
        "flood-zone",
        "浸水想定区域",
        &["浸水区域", "洪水浸水想定区域"],
    ),
    spec(
        Column::LandslideZone,
        "landslide-zone",
        "土砂災害警戒区域",
        &["土砂災害区域", "土砂区域"],
    ),
    spec(
        Column::TsunamiZone,
        "tsunami-zone",
        "津波浸水想定区域",
        &["津波区域", "津波"],
    ),
    spec(
        Column::EmergencyAlarm,
        "emergency-alarm",
        "緊急通報システム",
        &["緊急通報装置"],
    ),
    spec(
        Column::LastVerifiedOn,
        "last-verified-on",
        "最終確認日",
        &["確認日", "最終確認"],
    ),
    spec(Column::Notes, "notes", "備考", &["特記事項", "メモ"]),
    spec(
        Column::RegistrationRoute,
        "registration-route",
        "登録方式",
        &[],
    ),
    spec(Column::RegistrationDate, "registration-date", "登録日", &[]),
    spec(
        Column::RegistrationSource,
        "registration-source",
        "登録元",
        &[],
    ),
    spec(
        Column::Status,
        "status",
        "異動事由",
        &["異動区分", "異動", "状態"],
    ),
    spec(Column::StatusDate, "status-date", "異動日", &["異動年月日"]),
];
