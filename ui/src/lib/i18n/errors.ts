// What a failure says: one message per error code the backend can send
// (lib/bindings/ErrorCode.ts), and the word for its details.

import type { ErrorCode } from '../bindings/ErrorCode';

export const ja = {
  'error.wrong_passphrase':
    'アカウント名またはパスフレーズが違います。もう一度入力してください。',
  'error.key_file':
    '名簿の鍵ファイル（名簿ファイルと同じ場所にある .keys ファイル）が見つからないか、壊れています。何も変更していません。バックアップから .keys ファイルを元の場所に戻すか、管理者に相談してください。',
  'error.no_key_file':
    'パスフレーズが違うか、鍵ファイル（名簿ファイルと同じ場所の .keys ファイル）がありません。職員アカウント方式になる前の名簿なら、これまでの共通パスフレーズで開けます。そうでなければ、バックアップから .keys ファイルを元の場所に戻してください。何も変更していません。',
  'error.not_found': '名簿ファイルが見つかりません。',
  'error.already_exists': 'この場所にはすでに名簿ファイルがあります。',
  'error.invalid_input': '入力内容を確認してください。',
  'error.newer_schema':
    'この名簿は新しい版のよりそいで作られています。よりそいを更新してから開いてください。',
  'error.integrity':
    '名簿ファイルが破損しているおそれがあります。バックアップからの復元について担当者に相談してください。',
  'error.damaged':
    '名簿ファイルの一部が壊れています（パスフレーズの誤りではありません。誤りの回数には数えていません）。何も変更していません。最新のバックアップから復元してください。',
  'error.cannot_write':
    '名簿に今は書き込めません（他のプログラムが変更中、またはディスクがいっぱい）。何も変更していません。入力した内容はそのままです。少し待ってからもう一度保存してください。',
  'error.cancelled': '中止しました。何も書き込んでいません。',
  'error.locked': '名簿はロックされています。もう一度開いてください。',
  'error.internal': '予期しないエラーが発生しました。',
  'error.detail': '詳細',
  'error.unlock_delayed': 'パスフレーズの誤りが続いたため、しばらく待ってからもう一度入力してください。',
  'error.forbidden': 'あなたのアカウントの権限では、この操作はできません。',
  'error.unprintable': '印刷できない文字があります。記録を直してから印刷してください（何も印刷していません）。',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'error.wrong_passphrase': 'Wrong account name or passphrase. Please try again.',
  'error.key_file':
    'The roster’s key file (the .keys file beside the roster file) is missing or damaged. Nothing was changed. Restore the .keys file from the backup, or ask your admin.',
  'error.no_key_file':
    'Either the passphrase is wrong or the key file (the .keys file beside the roster file) is missing. A roster from before staff accounts opens with its old shared passphrase; otherwise restore the .keys file from the backup. Nothing was changed.',
  'error.not_found': 'The roster file was not found.',
  'error.already_exists': 'A roster file already exists at this location.',
  'error.invalid_input': 'Please check what you entered.',
  'error.newer_schema':
    'This roster was made by a newer version of Yorisoi. Update Yorisoi, then open it.',
  'error.integrity':
    'The roster file may be damaged. Ask your administrator about restoring a backup.',
  'error.damaged':
    'Part of the roster file is damaged (this is not a wrong passphrase, and no try was counted). Nothing was changed. Restore the newest backup.',
  'error.cannot_write':
    'The roster cannot be written now (another program is changing it, or the disk is full). Nothing was changed and what you entered is kept. Wait a moment and save again.',
  'error.cancelled': 'Stopped. Nothing was written.',
  'error.locked': 'The roster is locked. Please open it again.',
  'error.internal': 'Something unexpected went wrong.',
  'error.detail': 'Details',
  'error.unlock_delayed': 'Too many wrong passphrases: wait a little, then try again.',
  'error.forbidden': 'Your account’s role does not allow this.',
  'error.unprintable': 'Some characters cannot be printed. Correct the records first (nothing was printed).',
};

// Every error code the backend can send has a message here (so in both languages); a
// missing one is named in the type error.
type Uncovered = Exclude<`error.${ErrorCode}`, keyof typeof ja>;
const everyCodeCovered: [Uncovered] extends [never] ? true : Uncovered = true;
void everyCodeCovered;
