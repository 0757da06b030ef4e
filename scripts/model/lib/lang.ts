/**
 * A crude Swedish-vs-other language test for paragraphs. Parts of the LibreOffice and GIMP help
 * are untranslated English; a paragraph is kept when Swedish function words outnumber English ones.
 */
const SV = new Set(
  ('och att det som en är på för med av till den i om du kan eller har inte de ett vill ' +
    'klicka välj markera när från ska så sig du din ditt dina man här där också vid under ' +
    'efter eller detta denna dessa alla inga ingen hur vad vilken vilket vilka används ' +
    'finns visas kommer måste bara mellan genom utan än sedan ut upp över får blir var')
    .split(' '),
);
const EN = new Set(
  ('the and to of is in you for this that with on are be can or by from as an it not ' +
    'if your which will when all use used select click these then there have has into only ' +
    'was were also its their more other than such')
    .split(' '),
);

export function isSwedish(paragraph: string): boolean {
  const words = paragraph.toLowerCase().match(/[\p{L}]+/gu);
  if (!words || words.length < 3) return false;
  let sv = 0;
  let en = 0;
  for (const w of words) {
    if (SV.has(w)) sv++;
    if (EN.has(w)) en++;
  }
  if (/[åäö]/i.test(paragraph)) sv += 1;
  return sv > en && sv >= 1;
}
