// 作成状況 (#21): the home screen's panel of the 個別避難計画 figures and the five-year
// pace of the high-priority people (components/CoveragePanel.svelte).

export const ja = {
  'coverage.title': '個別避難計画の作成状況',
  'coverage.loading': '集計しています…',
  'coverage.people': '名簿の人数',
  'coverage.peopleN': '{n}人',
  'coverage.plans': '計画',
  'coverage.plansN': '作成済 {made}・一部作成 {partly}・未作成 {notMade}',
  'coverage.high': '優先度の高い方で最新の計画がある方',
  'coverage.highN': '{current} / {people}人（{pct}%）',
  'coverage.highNone': '優先度の高い方はいません',
  'coverage.newLastYear': 'この12か月に初めて作成（優先度高）',
  'coverage.paceLabel': '作成のペース（優先度高）',
  'coverage.paceHint':
    'この12か月に初めて作成した人数のペースで、優先度の高い方全員に最新の計画がそろう年度です（取組指針：概ね5年で作成）。',
  'coverage.pace': '残り{n}名 → {year}年度に完了の見込み',
  'coverage.noPace': '残り{n}名 → 見込みなし（この12か月の作成がありません）',
  'coverage.allDone': '全員に最新の計画があります',
  'coverage.save': '報告書を保存（PDF・1ページ）',
  'coverage.saved': '「{file}」に保存しました。監査ログに記録しました。',
  'coverage.asOf': '{day}時点',
};

export const en: Record<keyof typeof ja, string> = {
  'coverage.title': 'Individual evacuation plans: progress',
  'coverage.loading': 'Counting…',
  'coverage.people': 'People on the roster',
  'coverage.peopleN': '{n}',
  'coverage.plans': 'Plans',
  'coverage.plansN': '{made} made · {partly} partly · {notMade} not made',
  'coverage.high': 'High priority with a current plan',
  'coverage.highN': '{current} of {people} ({pct}%)',
  'coverage.highNone': 'Nobody has high priority',
  'coverage.newLastYear': 'First plans in the last 12 months (high priority)',
  'coverage.paceLabel': 'Pace (high priority)',
  'coverage.paceHint':
    'The fiscal year every high-priority person will have a current plan, at the pace of first plans in the last 12 months (the guidance asks for about 5 years).',
  'coverage.pace': '{n} left → expected to be done in fiscal year {year}',
  'coverage.noPace': '{n} left → no estimate (no plans made in the last 12 months)',
  'coverage.allDone': 'Everyone has a current plan',
  'coverage.save': 'Save the report (PDF, one page)',
  'coverage.saved': 'Saved as “{file}”. Recorded in the audit log.',
  'coverage.asOf': 'as of {day}',
};
