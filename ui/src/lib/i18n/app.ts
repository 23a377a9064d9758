// The window around the screens: its name, the language switch, the menu, who is
// working, the idle lock (App.svelte).

export const ja = {
  'app.name': 'よりそい',
  'app.subtitle': '避難行動要支援者名簿',
  'app.switchLanguage': 'English',
  'app.switchLanguageLabel': 'Switch to English',
  'app.lockedIdle': 'しばらく操作がなかったため名簿をロックしました。',
  'app.viewer': '閲覧のみ（変更はできません）',
  'app.account': '職員：{name}',

  'nav.label': 'メインメニュー',
  'nav.roster': '名簿',
  'nav.supporters': '避難支援者',
  'nav.recipients': '提供先',
  'nav.worklists': '作業リスト・集計',
  'nav.audit': '監査ログ',
  'nav.disaster': '災害モード',
  'nav.settings': '設定',
  'nav.print': '印刷',
  'nav.ledger': '交付台帳',
  'nav.drills': '安否確認訓練',
  'nav.accounts': '職員アカウント',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'app.name': 'Yorisoi',
  'app.subtitle': 'Evacuation support roster',
  'app.switchLanguage': '日本語',
  'app.switchLanguageLabel': '日本語に切り替える',
  'app.lockedIdle': 'The roster was locked after a period of inactivity.',
  'app.viewer': 'Read only (no changes)',
  'app.account': 'Staff: {name}',

  'nav.label': 'Main menu',
  'nav.roster': 'Roster',
  'nav.supporters': 'Supporters',
  'nav.recipients': 'Recipients',
  'nav.worklists': 'Worklists',
  'nav.audit': 'Audit log',
  'nav.disaster': 'Disaster mode',
  'nav.settings': 'Settings',
  'nav.print': 'Print',
  'nav.ledger': 'Ledger',
  'nav.drills': 'Drills',
  'nav.accounts': 'Staff accounts',
};
