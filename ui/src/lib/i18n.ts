// The message catalogue: every word the window shows lives here, Japanese first and
// English beside it. Components read `$t('key')`; `setLocale` switches language.
import { derived, get, writable } from 'svelte/store';
import type { ErrorCode } from './bindings/ErrorCode';

export type Locale = 'ja' | 'en';

const ja = {
  'app.name': 'よりそい',
  'app.subtitle': '避難行動要支援者名簿',
  'app.switchLanguage': 'English',
  'app.switchLanguageLabel': 'Switch to English',

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
  'strength.label': 'パスフレーズの強さ',
  'strength.0': '短すぎます（12文字以上がおすすめです）',
  'strength.1': '弱い',
  'strength.2': 'ふつう',
  'strength.3': '強い',
  'strength.tip': '覚えやすい短い文を、単語を4つ以上つなげて作ると強くなります。',

  'roster.title': '名簿',
  'roster.search': '検索',
  'roster.searchPlaceholder': '氏名・ふりがな・住所・電話番号で検索',
  'roster.lock': 'ロック',
  'roster.lockLabel': '名簿を閉じてロックする',
  'roster.count': '{count} 人',
  'roster.truncated': '該当者が多いため先頭の {count} 人を表示しています。検索語を足して絞り込んでください。',
  'roster.empty': '名簿にはまだ誰も登録されていません。',
  'roster.noMatch': '「{query}」に該当する人はいません。',
  'roster.searching': '検索中…',
  'roster.col.id': 'ID',
  'roster.col.name': '氏名',
  'roster.col.furigana': 'ふりがな',
  'roster.col.district': '地区',
  'roster.col.age': '年齢',
  'roster.noDistrict': '—',

  'error.wrong_passphrase': 'パスフレーズが違います。もう一度入力してください。',
  'error.not_found': '名簿ファイルが見つかりません。',
  'error.already_exists': 'この場所にはすでに名簿ファイルがあります。',
  'error.invalid_input': '入力内容を確認してください。',
  'error.newer_schema':
    'この名簿は新しい版のよりそいで作られています。よりそいを更新してから開いてください。',
  'error.integrity':
    '名簿ファイルが破損しているおそれがあります。バックアップからの復元について担当者に相談してください。',
  'error.locked': '名簿はロックされています。もう一度開いてください。',
  'error.internal': '予期しないエラーが発生しました。',
  'error.detail': '詳細',
} as const;

export type MessageKey = keyof typeof ja;

// Every error code the backend can send must have a message in both languages.
type ErrorKeys = `error.${ErrorCode}`;
const errorKeysCovered: ErrorKeys extends MessageKey ? true : never = true;
void errorKeysCovered;

const en: Record<MessageKey, string> = {
  'app.name': 'Yorisoi',
  'app.subtitle': 'Evacuation support roster',
  'app.switchLanguage': '日本語',
  'app.switchLanguageLabel': '日本語に切り替える',

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
  'strength.label': 'Passphrase strength',
  'strength.0': 'Too short (12 characters or more is better)',
  'strength.1': 'Weak',
  'strength.2': 'Fair',
  'strength.3': 'Strong',
  'strength.tip': 'A short sentence of four or more words is strong and easy to remember.',

  'roster.title': 'Roster',
  'roster.search': 'Search',
  'roster.searchPlaceholder': 'Search by name, furigana, address or phone',
  'roster.lock': 'Lock',
  'roster.lockLabel': 'Close and lock the roster',
  'roster.count': '{count} people',
  'roster.truncated': 'Many people match: showing the first {count}. Type more to narrow the search.',
  'roster.empty': 'Nobody is in the roster yet.',
  'roster.noMatch': 'Nobody matches “{query}”.',
  'roster.searching': 'Searching…',
  'roster.col.id': 'ID',
  'roster.col.name': 'Name',
  'roster.col.furigana': 'Furigana',
  'roster.col.district': 'District',
  'roster.col.age': 'Age',
  'roster.noDistrict': '—',

  'error.wrong_passphrase': 'Wrong passphrase. Please try again.',
  'error.not_found': 'The roster file was not found.',
  'error.already_exists': 'A roster file already exists at this location.',
  'error.invalid_input': 'Please check what you entered.',
  'error.newer_schema':
    'This roster was made by a newer version of Yorisoi. Update Yorisoi, then open it.',
  'error.integrity':
    'The roster file may be damaged. Ask your administrator about restoring a backup.',
  'error.locked': 'The roster is locked. Please open it again.',
  'error.internal': 'Something unexpected went wrong.',
  'error.detail': 'Details',
};

const catalogue: Record<Locale, Record<MessageKey, string>> = { ja, en };
const STORAGE_KEY = 'yorisoi.locale';

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
}

export const locale = writable<Locale>(initialLocale());

locale.subscribe((value) => {
  document.documentElement.lang = value;
  localStorage.setItem(STORAGE_KEY, value);
});

export function setLocale(value: Locale): void {
  locale.set(value);
}

export function toggleLocale(): void {
  setLocale(get(locale) === 'ja' ? 'en' : 'ja');
}

/** `$t('roster.count', { count: 3 })` — the message in the current language. */
export const t = derived(
  locale,
  (current) =>
    (key: MessageKey, vars: Record<string, string | number> = {}): string =>
      catalogue[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in vars ? String(vars[name]) : whole,
      ),
);
