// Labels of the vocabulary tokens the core stores (`tokenLabel(vocab, token)` reads
// `tok.<vocab>.<token>`); one block per vocabulary, shared by every screen that shows one.

export const ja = {
  'tok.supporter_consent_purpose.be-named': '計画への記載',
  'tok.supporter_consent_purpose.receive-plan': '計画の受領',

  'tok.supporter_consent_answer.consented': '同意',
  'tok.supporter_consent_answer.refused': '不同意',
  'tok.supporter_consent_answer.withdrawn': '撤回',

  'tok.sex.male': '男',
  'tok.sex.female': '女',
  'tok.sex.unspecified': '未記入',

  'tok.category.elderly-needing-care': '高齢要介護者',
  'tok.category.elderly-living-alone': '一人暮らし高齢者',
  'tok.category.disabled': '障害者',
  'tok.category.intractable-disease': '難病患者',
  'tok.category.pregnant-or-infant': '妊産婦・乳幼児',
  'tok.category.foreign-resident': '外国人',
  'tok.category.other': 'その他',

  'tok.care_level.support-1': '要支援1',
  'tok.care_level.support-2': '要支援2',
  'tok.care_level.care-1': '要介護1',
  'tok.care_level.care-2': '要介護2',
  'tok.care_level.care-3': '要介護3',
  'tok.care_level.care-4': '要介護4',
  'tok.care_level.care-5': '要介護5',

  'tok.intellectual_grade.A': 'A（重度）',
  'tok.intellectual_grade.B': 'B（中軽度）',

  'tok.medical_device.ventilator': '人工呼吸器',
  'tok.medical_device.oxygen': '在宅酸素',
  'tok.medical_device.dialysis': '透析',
  'tok.medical_device.suction': '吸引器',
  'tok.medical_device.other': 'その他',

  'tok.communication_need.sign-language': '手話',
  'tok.communication_need.written': '筆談',
  'tok.communication_need.interpreter': '通訳',
  'tok.communication_need.visual-impairment': '視覚障害',
  'tok.communication_need.hearing-impairment': '聴覚障害',
  'tok.communication_need.other': 'その他',

  'tok.mobility.walks': '自力歩行',
  'tok.mobility.cane': '杖',
  'tok.mobility.wheelchair': '車いす',
  'tok.mobility.bedridden': '寝たきり',

  'tok.household.alone': '一人暮らし',
  'tok.household.elderly-only': '高齢者のみ世帯',
  'tok.household.with-family': '家族と同居',
  'tok.household.other': 'その他',

  'tok.house_structure.wooden': '木造',
  'tok.house_structure.steel': '鉄骨',
  'tok.house_structure.fire-resistant': '耐火',
  'tok.house_structure.other': 'その他',

  'tok.registration_route.consent': '同意方式',
  'tok.registration_route.opt-in': '手上げ方式',
  'tok.registration_route.shared-information': '共有情報方式',

  'tok.archive_reason.moved': '転出',
  'tok.archive_reason.died': '死亡',
  'tok.archive_reason.entered-facility': '施設入所',
  'tok.archive_reason.no-longer-needs-support': '支援不要',
  'tok.archive_reason.refused': '登録拒否',

  'tok.supporter_kind.individual': '個人',
  'tok.supporter_kind.block-group': '班',
  'tok.supporter_kind.disaster-group': '自主防災組織',
  'tok.supporter_kind.care-office': '介護事業所',
  'tok.supporter_kind.other-organisation': 'その他の団体',

  'tok.recipient_kind.fire': '消防',
  'tok.recipient_kind.police': '警察',
  'tok.recipient_kind.welfare-commissioner': '民生委員',
  'tok.recipient_kind.social-welfare-council': '社会福祉協議会',
  'tok.recipient_kind.neighbourhood': '自主防災組織・自治会',
  'tok.recipient_kind.care-centre': '地域包括支援センター',
  'tok.recipient_kind.other': 'その他',
  'tok.recipient_kind.care-office': '事業所（福祉専門職）',

  'tok.consent_purpose.roster': '名簿情報の平常時提供',
  'tok.consent_purpose.plan-create': '個別避難計画の作成',
  'tok.consent_purpose.plan-share': '個別避難計画の提供',

  'tok.consent_answer.consented': '同意',
  'tok.consent_answer.proxy': '代理人による同意',
  'tok.consent_answer.applied': '手上げ',
  'tok.consent_answer.refused': '不同意',
  'tok.consent_answer.no-answer': '未回答',
  'tok.consent_answer.withdrawn': '撤回',

  'tok.consent_basis.explicit': '本人同意',
  'tok.consent_basis.presumed': '推定同意',
  'tok.consent_basis.ordinance': '条例（同意不要）',
  'tok.consent_basis.ordinance-opt-out': '条例（拒否の申出）',

  'tok.evacuation_means.walk': '徒歩',
  'tok.evacuation_means.wheelchair': '車いす',
  'tok.evacuation_means.car': '自動車',
  'tok.evacuation_means.stretcher': '担架',
  'tok.evacuation_means.other': 'その他',

  'tok.warning_method.phone': '電話',
  'tok.warning_method.fax': 'FAX',
  'tok.warning_method.visit': '訪問',
  'tok.warning_method.email': 'メール',
  'tok.warning_method.other': 'その他',

  'tok.plan_maker.self-family': '本人・家族',
  'tok.plan_maker.community': '地域',
  'tok.plan_maker.professional': '福祉専門職',

  'tok.destination_kind.shelter': '指定避難所',
  'tok.destination_kind.welfare-shelter': '福祉避難所',
  'tok.destination_kind.relative': '親族・知人宅',
  'tok.destination_kind.other': 'その他',

  'tok.issuance_kind.simple-list': '簡易版名簿',
  'tok.issuance_kind.detailed-list': '詳細版名簿',
  'tok.issuance_kind.plan-sheets': '個別避難計画',
  'tok.issuance_kind.drill-sheet': '安否確認シート',

  'tok.issuance_status.issued': '交付中',
  'tok.issuance_status.returned': '返却済',
  'tok.issuance_status.destroyed': '廃棄済',
  'tok.issuance_status.lost': '紛失',

  'tok.check_status.safe': '無事',
  'tok.check_status.needs-help': '要支援',
  'tok.check_status.not-home': '不在',
  'tok.check_status.unreached': '未確認',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'tok.supporter_consent_purpose.be-named': 'To be named in plans',
  'tok.supporter_consent_purpose.receive-plan': 'To receive plans',

  'tok.supporter_consent_answer.consented': 'Consented',
  'tok.supporter_consent_answer.refused': 'Refused',
  'tok.supporter_consent_answer.withdrawn': 'Withdrawn',

  'tok.sex.male': 'Male',
  'tok.sex.female': 'Female',
  'tok.sex.unspecified': 'Not given',

  'tok.category.elderly-needing-care': 'Elderly needing care',
  'tok.category.elderly-living-alone': 'Elderly living alone',
  'tok.category.disabled': 'Disabled',
  'tok.category.intractable-disease': 'Intractable disease',
  'tok.category.pregnant-or-infant': 'Pregnant / infant',
  'tok.category.foreign-resident': 'Foreign resident',
  'tok.category.other': 'Other',

  'tok.care_level.support-1': 'Support 1',
  'tok.care_level.support-2': 'Support 2',
  'tok.care_level.care-1': 'Care 1',
  'tok.care_level.care-2': 'Care 2',
  'tok.care_level.care-3': 'Care 3',
  'tok.care_level.care-4': 'Care 4',
  'tok.care_level.care-5': 'Care 5',

  'tok.intellectual_grade.A': 'A (severe)',
  'tok.intellectual_grade.B': 'B (moderate/mild)',

  'tok.medical_device.ventilator': 'Ventilator',
  'tok.medical_device.oxygen': 'Home oxygen',
  'tok.medical_device.dialysis': 'Dialysis',
  'tok.medical_device.suction': 'Suction',
  'tok.medical_device.other': 'Other',

  'tok.communication_need.sign-language': 'Sign language',
  'tok.communication_need.written': 'Writing',
  'tok.communication_need.interpreter': 'Interpreter',
  'tok.communication_need.visual-impairment': 'Visual impairment',
  'tok.communication_need.hearing-impairment': 'Hearing impairment',
  'tok.communication_need.other': 'Other',

  'tok.mobility.walks': 'Walks',
  'tok.mobility.cane': 'Cane',
  'tok.mobility.wheelchair': 'Wheelchair',
  'tok.mobility.bedridden': 'Bedridden',

  'tok.household.alone': 'Lives alone',
  'tok.household.elderly-only': 'Elderly-only household',
  'tok.household.with-family': 'With family',
  'tok.household.other': 'Other',

  'tok.house_structure.wooden': 'Wooden',
  'tok.house_structure.steel': 'Steel',
  'tok.house_structure.fire-resistant': 'Fire-resistant',
  'tok.house_structure.other': 'Other',

  'tok.registration_route.consent': 'Consent-based',
  'tok.registration_route.opt-in': 'Opt-in',
  'tok.registration_route.shared-information': 'Shared information',

  'tok.archive_reason.moved': 'Moved away',
  'tok.archive_reason.died': 'Died',
  'tok.archive_reason.entered-facility': 'Entered a facility',
  'tok.archive_reason.no-longer-needs-support': 'No longer needs support',
  'tok.archive_reason.refused': 'Refused',

  'tok.supporter_kind.individual': 'Individual',
  'tok.supporter_kind.block-group': 'Block group',
  'tok.supporter_kind.disaster-group': 'Disaster group',
  'tok.supporter_kind.care-office': 'Care office',
  'tok.supporter_kind.other-organisation': 'Other organisation',

  'tok.recipient_kind.fire': 'Fire service',
  'tok.recipient_kind.police': 'Police',
  'tok.recipient_kind.welfare-commissioner': 'Welfare commissioner',
  'tok.recipient_kind.social-welfare-council': 'Social welfare council',
  'tok.recipient_kind.neighbourhood': 'Neighbourhood association',
  'tok.recipient_kind.care-centre': 'Community care centre',
  'tok.recipient_kind.other': 'Other',
  'tok.recipient_kind.care-office': 'Care office',

  'tok.consent_purpose.roster': 'Roster sharing',
  'tok.consent_purpose.plan-create': 'Plan creation',
  'tok.consent_purpose.plan-share': 'Plan sharing',

  'tok.consent_answer.consented': 'Consented',
  'tok.consent_answer.proxy': 'Consented by proxy',
  'tok.consent_answer.applied': 'Applied',
  'tok.consent_answer.refused': 'Refused',
  'tok.consent_answer.no-answer': 'No answer',
  'tok.consent_answer.withdrawn': 'Withdrawn',

  'tok.consent_basis.explicit': 'Explicit consent',
  'tok.consent_basis.presumed': 'Presumed consent',
  'tok.consent_basis.ordinance': 'Ordinance (no consent needed)',
  'tok.consent_basis.ordinance-opt-out': 'Ordinance (opt-out)',

  'tok.evacuation_means.walk': 'On foot',
  'tok.evacuation_means.wheelchair': 'Wheelchair',
  'tok.evacuation_means.car': 'Car',
  'tok.evacuation_means.stretcher': 'Stretcher',
  'tok.evacuation_means.other': 'Other',

  'tok.warning_method.phone': 'Phone',
  'tok.warning_method.fax': 'FAX',
  'tok.warning_method.visit': 'Visit',
  'tok.warning_method.email': 'E-mail',
  'tok.warning_method.other': 'Other',

  'tok.plan_maker.self-family': 'The person or family',
  'tok.plan_maker.community': 'The community',
  'tok.plan_maker.professional': 'A care professional',

  'tok.destination_kind.shelter': 'Designated shelter',
  'tok.destination_kind.welfare-shelter': 'Welfare shelter',
  'tok.destination_kind.relative': 'Relative\'s / friend\'s home',
  'tok.destination_kind.other': 'Other',

  'tok.issuance_kind.simple-list': 'Simplified list',
  'tok.issuance_kind.detailed-list': 'Detailed list',
  'tok.issuance_kind.plan-sheets': 'Plan sheets',
  'tok.issuance_kind.drill-sheet': 'Check sheets',

  'tok.issuance_status.issued': 'Out',
  'tok.issuance_status.returned': 'Returned',
  'tok.issuance_status.destroyed': 'Destroyed',
  'tok.issuance_status.lost': 'Lost',

  'tok.check_status.safe': 'Safe',
  'tok.check_status.needs-help': 'Needs help',
  'tok.check_status.not-home': 'Not home',
  'tok.check_status.unreached': 'Not reached',
};
