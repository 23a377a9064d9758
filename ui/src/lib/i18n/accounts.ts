// Staff accounts and roles (screens/Accounts.svelte), one's own passphrase
// (components/OwnPassphrase.svelte) and the recovery key shown once
// (components/RecoveryKeyShow.svelte).

export const ja = {
  'role.viewer': '閲覧のみ',
  'role.officer': '担当職員',
  'role.admin': '管理者',
  'role.viewer.about': '名簿や記録を見ることだけができます。変更・印刷はできません。',
  'role.officer.about': '名簿の登録・変更・印刷・訓練ができます。',
  'role.admin.about': '担当職員のできることに加えて、職員アカウントと回復キーを管理します。',

  'accounts.title': '職員アカウント',
  'accounts.intro':
    '名簿を開ける職員と、その権限です。職員ごとにアカウントを作り、パスフレーズは本人だけが知るようにしてください。異動した職員のアカウントは削除してください。',
  'accounts.name': 'アカウント名',
  'accounts.role': '権限',
  'accounts.created': '作成',
  'accounts.by': '作成：{name}',
  'accounts.actions': '操作',
  'accounts.me': 'あなた',
  'accounts.roleSave': '権限を変更',
  'accounts.remove': '削除',
  'accounts.removeQuestion':
    '「{name}」を削除しますか？ このアカウントのパスフレーズでは名簿を開けなくなります（監査ログの記録は残ります）。',
  'accounts.removeYes': '削除する',
  'accounts.removeNo': 'やめる',
  'accounts.addTitle': 'アカウントを追加',
  'accounts.nameHint': '例：福祉課 佐藤。監査ログにこの名前が記録されます。',
  'accounts.firstPassphrase': '最初のパスフレーズ',
  'accounts.passphraseHint': '本人に直接伝え、最初に開いたら「設定」画面で本人が変更するよう伝えてください。',
  'accounts.add': 'アカウントを追加',
  'accounts.added': '「{name}」（{role}）を追加しました。',
  'accounts.roleChanged': '「{name}」の権限を「{role}」に変更しました。',
  'accounts.removed': '「{name}」を削除しました。',
  'accounts.refused': 'できませんでした：{reason}',
  'accounts.recoveryTitle': '回復キー',
  'accounts.recoveryIntro':
    '全員がパスフレーズを忘れても、回復キーがあれば名簿を開けます。用紙をなくしたときや、知っている人が異動したときは、新しい回復キーを作ってください。',
  'accounts.recoveryNew': '新しい回復キーを作る',
  'accounts.recoveryQuestion': '新しい回復キーを作ると、今までの回復キーの用紙は使えなくなります。作りますか？',
  'accounts.recoveryYes': '作る',
  'accounts.recoveryDone': '新しい回復キーを作りました。古い用紙はシュレッダーにかけてください。',

  'own.title': '自分のパスフレーズを変更（{account}）',
  'own.intro': '変更すると、古いパスフレーズでは開けなくなります。ほかの職員のパスフレーズは変わりません。',
  'own.save': 'パスフレーズを変更',
  'own.changed': 'パスフレーズを変更しました。',

  'recovery.title': '回復キー',
  'recovery.once':
    'この回復キーは今しか表示されません。パスフレーズを忘れたとき、これで名簿を開けます。用紙を保存して印刷し、封筒に入れて金庫に保管してください。',
  'recovery.keyLabel': '回復キー（6桁×8組）',
  'recovery.keep': '回復キーはパソコンの中にメモしないでください。紙だけに残します。',
  'recovery.saveSheet': '回復キーの用紙を保存',
  'recovery.sheetSaved': '「{file}」に保存しました。印刷してから、パソコンに残ったファイルは削除してください。',
  'recovery.kept': '回復キーを書き留めた、または用紙を印刷した',
  'recovery.continue': '次へ',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'role.viewer': 'Read only',
  'role.officer': 'Officer',
  'role.admin': 'Admin',
  'role.viewer.about': 'Can look at the roster and records only; cannot change or print.',
  'role.officer.about': 'Can register, change and print, and run drills.',
  'role.admin.about': 'An officer who also manages staff accounts and the recovery key.',

  'accounts.title': 'Staff accounts',
  'accounts.intro':
    'Who may open the roster, and with which role. Give each officer an account of their own, with a passphrase only they know. Remove the accounts of staff who moved on.',
  'accounts.name': 'Account name',
  'accounts.role': 'Role',
  'accounts.created': 'Created',
  'accounts.by': '(by {name})',
  'accounts.actions': 'Actions',
  'accounts.me': 'you',
  'accounts.roleSave': 'Change role',
  'accounts.remove': 'Remove',
  'accounts.removeQuestion':
    'Remove “{name}”? Its passphrase will no longer open the roster (the audit log keeps its rows).',
  'accounts.removeYes': 'Remove',
  'accounts.removeNo': 'Cancel',
  'accounts.addTitle': 'Add an account',
  'accounts.nameHint': 'For example: Welfare Sato. The audit log records this name.',
  'accounts.firstPassphrase': 'First passphrase',
  'accounts.passphraseHint': 'Tell it to the person directly, and ask them to change it in Settings when they first open the roster.',
  'accounts.add': 'Add the account',
  'accounts.added': 'Added “{name}” ({role}).',
  'accounts.roleChanged': '“{name}” is now {role}.',
  'accounts.removed': 'Removed “{name}”.',
  'accounts.refused': 'Not done: {reason}',
  'accounts.recoveryTitle': 'Recovery key',
  'accounts.recoveryIntro':
    'The recovery key opens the roster even if every passphrase is forgotten. Make a new one if the sheet is lost or someone who knew it moved on.',
  'accounts.recoveryNew': 'Make a new recovery key',
  'accounts.recoveryQuestion': 'A new recovery key makes the old sheet useless. Make one?',
  'accounts.recoveryYes': 'Make it',
  'accounts.recoveryDone': 'A new recovery key was made. Shred the old sheet.',

  'own.title': 'Change my passphrase ({account})',
  'own.intro': 'The old passphrase stops opening the roster. Other staff passphrases do not change.',
  'own.save': 'Change the passphrase',
  'own.changed': 'The passphrase was changed.',

  'recovery.title': 'Recovery key',
  'recovery.once':
    'This recovery key is shown only now. It opens the roster if a passphrase is forgotten. Save the sheet, print it, seal it in an envelope and keep it in the safe.',
  'recovery.keyLabel': 'Recovery key (8 groups of 6)',
  'recovery.keep': 'Do not note the recovery key on the computer: keep it on paper only.',
  'recovery.saveSheet': 'Save the recovery key sheet',
  'recovery.sheetSaved': 'Saved as “{file}”. After printing, delete the file from the computer.',
  'recovery.kept': 'I wrote the recovery key down or printed the sheet',
  'recovery.continue': 'Continue',
};
