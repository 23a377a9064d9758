// Opening or creating the roster file, and the passphrase strength meter
// (screens/Unlock.svelte).

export const ja = {
  'unlock.titleOpen': '名簿を開く',
  'unlock.titleCreate': '新しい名簿を作成',
  'unlock.introOpen': 'パスフレーズを入力して名簿を開いてください。',
  'unlock.introCreate':
    'この端末にはまだ名簿がありません。名簿を暗号化するパスフレーズを決めてください。',
  'unlock.file': '名簿ファイル',
  'unlock.passphrase': 'パスフレーズ',
  'unlock.confirm': 'パスフレーズ（確認）',
  'unlock.capsLock': 'Caps Lock がオンになっています。',
  'unlock.mismatch': '確認用のパスフレーズが一致しません。',
  'unlock.open': '開く',
  'unlock.create': '作成して開く',
  'unlock.working': '処理中…',
  'unlock.loading': '名簿の場所を確認しています…',
  'unlock.forgotten':
    'パスフレーズを忘れると名簿は開けません。紙に書いて安全な場所に保管してください。',
  'unlock.changeLocation': '名簿ファイルの場所を変更',
  'unlock.locationHint': '名簿ファイル（.db）のフルパスを入力してください。フォルダーは存在している必要があります。',
  'unlock.locationSet': 'この場所を使う',
  'unlock.wait': 'パスフレーズの誤りが続いたため、{seconds} 秒待ってからもう一度入力してください。',

  'strength.label': 'パスフレーズの強さ',
  'strength.0': '短すぎます（12文字以上がおすすめです）',
  'strength.1': '弱い',
  'strength.2': 'ふつう',
  'strength.3': '強い',
  'strength.tip': '覚えやすい短い文を、単語を4つ以上つなげて作ると強くなります。',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'unlock.titleOpen': 'Open the roster',
  'unlock.titleCreate': 'Create a new roster',
  'unlock.introOpen': 'Enter the passphrase to open the roster.',
  'unlock.introCreate':
    'There is no roster on this computer yet. Choose the passphrase that will encrypt it.',
  'unlock.file': 'Roster file',
  'unlock.passphrase': 'Passphrase',
  'unlock.confirm': 'Passphrase (again)',
  'unlock.capsLock': 'Caps Lock is on.',
  'unlock.mismatch': 'The two passphrases do not match.',
  'unlock.open': 'Open',
  'unlock.create': 'Create and open',
  'unlock.working': 'Working…',
  'unlock.loading': 'Finding the roster…',
  'unlock.forgotten':
    'A forgotten passphrase cannot be recovered. Write it down and keep it somewhere safe.',
  'unlock.changeLocation': 'Change the roster location',
  'unlock.locationHint': 'Type the full path of the roster file (.db); its folder must exist.',
  'unlock.locationSet': 'Use this location',
  'unlock.wait': 'Too many wrong passphrases: wait {seconds} seconds, then try again.',

  'strength.label': 'Passphrase strength',
  'strength.0': 'Too short (12 characters or more is better)',
  'strength.1': 'Weak',
  'strength.2': 'Fair',
  'strength.3': 'Strong',
  'strength.tip': 'A short sentence of four or more words is strong and easy to remember.',
};
