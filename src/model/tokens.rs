//! Closed vocabularies of the domain. Each has a stable kebab-case token, used in the
//! database, the JSON and the command line, and a Japanese label for the UI and print.

use serde::{Deserialize, Serialize};

/// Declares a token enum with its stable token and Japanese label.
///
/// One macro instead of a dozen hand-written `match`es keeps the token, the SQL `CHECK`
/// list and the label in one visible table per type.
macro_rules! tokens {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $token:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $token)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable token (database, JSON, command line).
            pub fn token(self) -> &'static str {
                match self { $($name::$variant => $token),+ }
            }

            /// The Japanese word shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a token; `None` when it is not one of [`Self::ALL`].
            pub fn from_token(s: &str) -> Option<$name> {
                match s { $($token => Some($name::$variant),)+ _ => None }
            }

            /// The accepted tokens, for error messages ("one of: a, b, c").
            pub fn tokens_list() -> String {
                [$($token),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.token())
            }
        }
    };
}

tokens! {
    /// 性別.
    Sex {
        Male = "male", "男";
        Female = "female", "女";
        Unspecified = "unspecified", "未記入";
    }
}

tokens! {
    /// The category a person is registered under.
    Category {
        ElderlyNeedingCare = "elderly-needing-care", "高齢要介護者";
        ElderlyLivingAlone = "elderly-living-alone", "一人暮らし高齢者";
        Disabled = "disabled", "障害者";
        IntractableDisease = "intractable-disease", "難病患者";
        PregnantOrInfant = "pregnant-or-infant", "妊産婦・乳幼児";
        ForeignResident = "foreign-resident", "外国人";
        Other = "other", "その他";
    }
}

tokens! {
    /// 要介護度 (long-term care insurance level).
    CareLevel {
        Support1 = "support-1", "要支援1";
        Support2 = "support-2", "要支援2";
        Care1 = "care-1", "要介護1";
        Care2 = "care-2", "要介護2";
        Care3 = "care-3", "要介護3";
        Care4 = "care-4", "要介護4";
        Care5 = "care-5", "要介護5";
    }
}

tokens! {
    /// 療育手帳 grade.
    IntellectualGrade {
        A = "A", "A（重度）";
        B = "B", "B（中軽度）";
    }
}

tokens! {
    /// Medical devices; power-dependent ones matter most in a blackout.
    MedicalDeviceKind {
        Ventilator = "ventilator", "人工呼吸器";
        Oxygen = "oxygen", "在宅酸素";
        Dialysis = "dialysis", "透析";
        Suction = "suction", "吸引器";
        Other = "other", "その他";
    }
}

tokens! {
    /// How a person can be spoken to or warned.
    CommunicationNeed {
        SignLanguage = "sign-language", "手話";
        Written = "written", "筆談";
        Interpreter = "interpreter", "通訳";
        VisualImpairment = "visual-impairment", "視覚障害";
        HearingImpairment = "hearing-impairment", "聴覚障害";
        Other = "other", "その他";
    }
}

tokens! {
    /// How a person moves.
    Mobility {
        Walks = "walks", "自力歩行";
        Cane = "cane", "杖";
        Wheelchair = "wheelchair", "車いす";
        Bedridden = "bedridden", "寝たきり";
    }
}

tokens! {
    /// 家族構成・同居状況.
    HouseholdKind {
        Alone = "alone", "一人暮らし";
        ElderlyOnly = "elderly-only", "高齢者のみ世帯";
        WithFamily = "with-family", "家族と同居";
        Other = "other", "その他";
    }
}

tokens! {
    /// 建物構造.
    HouseStructure {
        Wooden = "wooden", "木造";
        Steel = "steel", "鉄骨";
        FireResistant = "fire-resistant", "耐火";
        Other = "other", "その他";
    }
}

tokens! {
    /// 登録方式: how the person came onto the roster.
    RegistrationRoute {
        Consent = "consent", "同意方式";
        OptIn = "opt-in", "手上げ方式";
        SharedInformation = "shared-information", "共有情報方式";
    }
}

tokens! {
    /// Why a person left the roster.
    ArchiveReason {
        Moved = "moved", "転出";
        Died = "died", "死亡";
        EnteredFacility = "entered-facility", "施設入所";
        NoLongerNeedsSupport = "no-longer-needs-support", "支援不要";
        Refused = "refused", "登録拒否";
    }
}

tokens! {
    /// What kind of supporter (避難支援等実施者) this is.
    SupporterKind {
        Individual = "individual", "個人";
        BlockGroup = "block-group", "班";
        DisasterGroup = "disaster-group", "自主防災組織";
        CareOffice = "care-office", "介護事業所";
        OtherOrganisation = "other-organisation", "その他の団体";
    }
}

tokens! {
    /// 避難支援等関係者: the kinds of body a list may go to.
    RecipientKind {
        Fire = "fire", "消防";
        Police = "police", "警察";
        WelfareCommissioner = "welfare-commissioner", "民生委員";
        SocialWelfareCouncil = "social-welfare-council", "社会福祉協議会";
        Neighbourhood = "neighbourhood", "自主防災組織・自治会";
        CareCentre = "care-centre", "地域包括支援センター";
        Other = "other", "その他";
        /// 事業所 (居宅介護支援, 相談支援 …): given only the papers of the people commissioned
        /// to it, never a list; added with `office add`.
        CareOffice = "care-office", "事業所（福祉専門職）";
        /// 避難所の運営者 (a 福祉避難所 or a 指定避難所): given only the list of the people
        /// whose plans name its shelter (`print list --shelter`).
        Shelter = "shelter", "避難所運営者";
    }
}

tokens! {
    /// Who made a plan: the three routes of the 2021 guidance (取組指針).
    PlanMaker {
        SelfFamily = "self-family", "本人・家族";
        Community = "community", "地域";
        Professional = "professional", "福祉専門職";
    }
}

tokens! {
    /// What a consent is for; each is asked separately.
    ConsentPurpose {
        Roster = "roster", "名簿情報の平常時提供";
        PlanCreate = "plan-create", "個別避難計画の作成";
        PlanShare = "plan-share", "個別避難計画の提供";
    }
}

tokens! {
    /// The answer recorded in one consent row.
    ConsentAnswer {
        Consented = "consented", "同意";
        Proxy = "proxy", "代理人による同意";
        Applied = "applied", "手上げ";
        Refused = "refused", "不同意";
        NoAnswer = "no-answer", "未回答";
        Withdrawn = "withdrawn", "撤回";
    }
}

tokens! {
    /// The legal basis a consent row relies on.
    ConsentBasis {
        Explicit = "explicit", "本人同意";
        Presumed = "presumed", "推定同意";
        Ordinance = "ordinance", "条例（同意不要）";
        OrdinanceOptOut = "ordinance-opt-out", "条例（拒否の申出）";
    }
}

tokens! {
    /// How the person gets to the destination.
    EvacuationMeans {
        Walk = "walk", "徒歩";
        Wheelchair = "wheelchair", "車いす";
        Car = "car", "自動車";
        Stretcher = "stretcher", "担架";
        Other = "other", "その他";
    }
}

tokens! {
    /// How warnings are passed on.
    WarningMethod {
        Phone = "phone", "電話";
        Fax = "fax", "FAX";
        Visit = "visit", "訪問";
        Email = "email", "メール";
        Other = "other", "その他";
    }
}

tokens! {
    /// Kinds of 避難先.
    DestinationKind {
        Shelter = "shelter", "指定避難所";
        WelfareShelter = "welfare-shelter", "福祉避難所";
        Relative = "relative", "親族・知人宅";
        Other = "other", "その他";
    }
}

tokens! {
    /// What a supporter agrees to.
    SupporterConsentPurpose {
        BeNamed = "be-named", "計画への記載";
        ReceivePlan = "receive-plan", "計画の受領";
    }
}

tokens! {
    /// A supporter's answer.
    SupporterConsentAnswer {
        Consented = "consented", "同意";
        Refused = "refused", "不同意";
        Withdrawn = "withdrawn", "撤回";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_serde_uses_them() {
        for k in RecipientKind::ALL {
            assert_eq!(RecipientKind::from_token(k.token()), Some(*k));
            let json = serde_json::to_string(k).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", k.token()));
        }
        assert_eq!(CareLevel::from_token("care-6"), None);
        assert_eq!(CareLevel::Care3.label(), "要介護3");
    }
}

tokens! {
    /// What a copy in the ledger (交付台帳) is.
    IssuanceKind {
        /// 簡易版名簿.
        SimpleList = "simple-list", "簡易版名簿";
        /// 詳細版名簿.
        DetailedList = "detailed-list", "詳細版名簿";
        /// 個別避難計画 sheets.
        PlanSheets = "plan-sheets", "個別避難計画";
        /// 安否確認 check sheets for a drill (or a real disaster).
        DrillSheet = "drill-sheet", "安否確認シート";
    }
}

tokens! {
    /// Where a copy is.
    IssuanceStatus {
        /// With the recipient.
        Issued = "issued", "交付中";
        /// Back at the office.
        Returned = "returned", "返却済";
        /// Destroyed (shredded) with a record of it.
        Destroyed = "destroyed", "廃棄済";
        /// Lost: the people on it are to be told.
        Lost = "lost", "紛失";
    }
}

tokens! {
    /// The kind of hazard area a layer holds (the three zones of a person's record).
    HazardKind {
        Flood = "flood", "浸水想定区域";
        Landslide = "landslide", "土砂災害警戒区域";
        Tsunami = "tsunami", "津波浸水想定区域";
    }
}

tokens! {
    /// How a person's home was placed on the map.
    PositionLevel {
        /// Matched to its 街区 in the 位置参照情報.
        Block = "block", "街区";
        /// Matched to its 町丁目 only (the 街区 was not found).
        Town = "town", "町丁目";
        /// Set by an officer by hand.
        Manual = "manual", "手動";
        /// The address was not found in the position files.
        Unplaced = "none", "未特定";
        /// The address is new or changed and is placed before the write commits.
        Pending = "pending", "未処理";
    }
}
