// The bench's emails in other scripts, letter for letter: shared by the page (bench-page.js) and
// the score section (score-bench.mjs), which write the same texts, the page's as strings and the
// command's as JSONL.

/** Letters that Latin ones become, a to z in order: Cyrillic (two bytes each in UTF-8) and common Chinese characters (three bytes each, no case). */
export const ALPHABETS = {
  cyrillic: 'абвгдежзийклмнопрстуфхцчшщыэюя',
  chinese: '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年',
};

/** `text` with each Latin letter replaced by the one in its place in `alphabet` (a → а, b → б, ...), upper case kept where the alphabet has one. */
export function lettersAs(text, alphabet) {
  return text.replace(/[A-Za-z]/g, (letter) => {
    const other = alphabet[letter.toLowerCase().charCodeAt(0) - 97];
    return letter < 'a' ? other.toUpperCase() : other;
  });
}
