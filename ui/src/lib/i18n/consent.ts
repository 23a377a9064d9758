// A person's consent history and recording a new answer
// (components/ConsentPanel.svelte).

export const ja = {
  'consent.history': '同意の履歴',
  'consent.noHistory': '記録はまだありません。',
  'consent.new': '新しい回答を記録',
  'consent.purpose': '目的',
  'consent.recipientKind': '提供先の種類',
  'consent.recipient': '提供先（任意）',
  'consent.answer': '回答',
  'consent.basis': '根拠',
  'consent.proxyName': '代理人の氏名',
  'consent.proxyRel': '代理人の続柄',
  'consent.obtainedOn': '取得日',
  'consent.obtainedBy': '取得者',
  'consent.evidence': '書類番号',
  'consent.expiresOn': '有効期限（空欄で既定の期間）',
  'consent.expires': '有効期限',
  'consent.record': '回答を記録',
  'consent.recorded': '記録しました。',
  'consent.recordedBy': '記録者',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'consent.history': 'Consent history',
  'consent.noHistory': 'Nothing recorded yet.',
  'consent.new': 'Record a new answer',
  'consent.purpose': 'Purpose',
  'consent.recipientKind': 'Recipient kind',
  'consent.recipient': 'Recipient (optional)',
  'consent.answer': 'Answer',
  'consent.basis': 'Basis',
  'consent.proxyName': 'Proxy\'s name',
  'consent.proxyRel': 'Proxy\'s relationship',
  'consent.obtainedOn': 'Obtained on',
  'consent.obtainedBy': 'Obtained by',
  'consent.evidence': 'Form number',
  'consent.expiresOn': 'Expires (empty for the default period)',
  'consent.expires': 'Expires',
  'consent.record': 'Record the answer',
  'consent.recorded': 'Recorded.',
  'consent.recordedBy': 'Recorded by',
};
