// Opening or creating the roster file, opening it with the recovery key, what opening
// found (screens/Unlock.svelte, UnlockNotes.svelte, components/RecoveryOpen.svelte), and
// the passphrase strength hint (components/PassphraseFields.svelte).

export const ja = {
  'unlock.titleOpen': '名簿を開く',
  'unlock.titleCreate': '新しい名簿を作成',
  'unlock.introOpen': '職員アカウント名とパスフレーズを入力して名簿を開いてください。',
  'unlock.introCreate':
    'この端末にはまだ名簿がありません。最初の職員アカウント（管理者）を作ります。名前とパスフレーズを決めてください。',
  'unlock.file': '名簿ファイル',
  'unlock.account': '職員アカウント名',
  'unlock.accountHint': '前回この PC で使ったアカウント名が入っています。ほかの人はご自分の名前に書き換えてください。',
  'unlock.accountHintCreate': '例：福祉課 田中。この名前が監査ログに記録されます。',
  'unlock.passphrase': 'パスフレーズ',
  'unlock.capsLock': 'Caps Lock がオンになっています。',
  'unlock.open': '開く',
  'unlock.create': '作成して開く',
  'unlock.working': '処理中…',
  'unlock.loading': '名簿の場所を確認しています…',
  'unlock.createNote':
    '作成すると「回復キー」が一度だけ表示されます。パスフレーズを忘れたときに名簿を開くためのものです。',
  'unlock.forgotten': 'パスフレーズを忘れたときは、金庫に保管した回復キーの用紙を使います。',
  'unlock.withRecovery': '回復キーで開く',
  'unlock.changeLocation': '名簿ファイルの場所を変更',
  'unlock.locationHint': '名簿ファイル（.db）のフルパスを入力してください。フォルダーは存在している必要があります。',
  'unlock.locationSet': 'この場所を使う',
  'unlock.wait': 'パスフレーズの誤りが続いたため、あと {seconds} 秒待ってからもう一度入力してください。',

  'recoveryOpen.title': '回復キーで開く',
  'recoveryOpen.intro':
    'パスフレーズを忘れたときに使います。回復キーの用紙の数字を入力し、管理者アカウントの新しいパスフレーズを決めてください。開くと同時に新しいパスフレーズになります。',
  'recoveryOpen.key': '回復キー（6桁×8組の数字）',
  'recoveryOpen.keyHint': 'ハイフンや空白はあってもなくてもかまいません。',
  'recoveryOpen.admin': '管理者の職員アカウント名',
  'recoveryOpen.adminHint': 'このアカウントのパスフレーズを新しくします。',
  'recoveryOpen.newPassphrase': '新しいパスフレーズ',
  'recoveryOpen.submit': '回復キーで開く',
  'recoveryOpen.cancel': 'パスフレーズで開く画面に戻る',
  'recoveryOpen.wrong':
    '回復キーまたは管理者のアカウント名が違います。用紙と見比べてください。古い回復キーは、新しい回復キーを作った時点で使えなくなっています。',

  'notes.title': '名簿を開く前に確認してください',
  'notes.createdTitle': '名簿を作成しました',
  'notes.created': 'あなた（{account}）がこの名簿の管理者です。次の回復キーを必ず控えてください。',
  'notes.converted':
    'この名簿を職員アカウント方式に切り替えました。これまでの共通パスフレーズは、あなたのアカウント「{account}」（管理者）のパスフレーズになりました。名簿の中身は変わっていません。ほかの職員には「職員アカウント」画面でそれぞれのアカウントを作ってください。',
  'notes.weak': 'このパスフレーズは弱いため、今すぐ変更してください。',
  'notes.weakWhy': '理由：{reason}',
  'notes.weakChanged': 'パスフレーズを変更しました。次回から新しいパスフレーズで開いてください。',
  'notes.later': 'あとで「設定」画面から変更することもできます。',
  'notes.recoveryMissing':
    'この名簿には回復キーがありません。全員がパスフレーズを忘れると、名簿は二度と開けません。今、回復キーを作ってください。',
  'notes.recoveryMake': '回復キーを作る',
  'notes.recoveryMade': '回復キーを作りました。用紙は封筒に入れて金庫に保管してください。',
  'notes.recoveryAskAdmin': 'この名簿には回復キーがありません。管理者に回復キーを作ってもらってください。',
  'notes.continue': '名簿へ進む',

  'strength.label': 'パスフレーズの強さ',
  'strength.new': '新しいパスフレーズ',
  'strength.again': 'パスフレーズ（確認のためもう一度）',
  'strength.mismatch': '確認用のパスフレーズが一致しません。',
  'strength.checking': '強さを確認しています…',
  'strength.ok': '十分な強さです。',
  'strength.tip': '10文字以上。ほかの人が思いつかない言葉をいくつかつなげると、強くて覚えやすくなります。',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'unlock.titleOpen': 'Open the roster',
  'unlock.titleCreate': 'Create a new roster',
  'unlock.introOpen': 'Enter your staff account name and passphrase to open the roster.',
  'unlock.introCreate':
    'There is no roster on this computer yet. Create the first staff account (an admin): choose its name and passphrase.',
  'unlock.file': 'Roster file',
  'unlock.account': 'Staff account name',
  'unlock.accountHint': 'The account last used on this PC is filled in; anyone else, type your own name.',
  'unlock.accountHintCreate': 'For example: Welfare Tanaka. The audit log records this name.',
  'unlock.passphrase': 'Passphrase',
  'unlock.capsLock': 'Caps Lock is on.',
  'unlock.open': 'Open',
  'unlock.create': 'Create and open',
  'unlock.working': 'Working…',
  'unlock.loading': 'Finding the roster…',
  'unlock.createNote':
    'After creating, a recovery key is shown once: it opens the roster if a passphrase is forgotten.',
  'unlock.forgotten': 'Forgot the passphrase? Use the recovery key sheet kept in the safe.',
  'unlock.withRecovery': 'Open with the recovery key',
  'unlock.changeLocation': 'Change the roster location',
  'unlock.locationHint': 'Type the full path of the roster file (.db); its folder must exist.',
  'unlock.locationSet': 'Use this location',
  'unlock.wait': 'Too many wrong passphrases: wait {seconds} more seconds, then try again.',

  'recoveryOpen.title': 'Open with the recovery key',
  'recoveryOpen.intro':
    'For a forgotten passphrase. Type the digits on the recovery key sheet and choose a new passphrase for an admin account; it takes effect as the roster opens.',
  'recoveryOpen.key': 'Recovery key (8 groups of 6 digits)',
  'recoveryOpen.keyHint': 'Hyphens and spaces may be left in or out.',
  'recoveryOpen.admin': 'Admin account name',
  'recoveryOpen.adminHint': 'This account gets the new passphrase.',
  'recoveryOpen.newPassphrase': 'New passphrase',
  'recoveryOpen.submit': 'Open with the recovery key',
  'recoveryOpen.cancel': 'Back to opening with a passphrase',
  'recoveryOpen.wrong':
    'The recovery key or the admin account name is wrong. Compare with the sheet; an old key stops working once a new one is made.',

  'notes.title': 'Before you start',
  'notes.createdTitle': 'The roster was created',
  'notes.created': 'You ({account}) are the roster’s admin. Keep the recovery key below.',
  'notes.converted':
    'This roster now uses staff accounts. The shared passphrase has become the passphrase of your account “{account}” (admin). Nothing in the roster changed. Create an account for each colleague on the Staff accounts screen.',
  'notes.weak': 'This passphrase is weak: please change it now.',
  'notes.weakWhy': 'Why: {reason}',
  'notes.weakChanged': 'The passphrase was changed. Use the new one from now on.',
  'notes.later': 'You can also change it later in Settings.',
  'notes.recoveryMissing':
    'This roster has no recovery key. If every passphrase is forgotten, nobody can open it again. Make a recovery key now.',
  'notes.recoveryMake': 'Make a recovery key',
  'notes.recoveryMade': 'The recovery key was made. Seal the sheet in an envelope and keep it in the safe.',
  'notes.recoveryAskAdmin': 'This roster has no recovery key. Ask an admin to make one.',
  'notes.continue': 'Go to the roster',

  'strength.label': 'Passphrase strength',
  'strength.new': 'New passphrase',
  'strength.again': 'Passphrase (again, to confirm)',
  'strength.mismatch': 'The two passphrases do not match.',
  'strength.checking': 'Checking the strength…',
  'strength.ok': 'Strong enough.',
  'strength.tip': 'At least 10 characters. A few words others would not think of are strong and easy to remember.',
};
