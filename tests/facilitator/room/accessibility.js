/* What a participant needs of every screen, checked in the page itself: its
   language, one main region with a heading under the app's bar, a name for every
   field and button, targets a thumb can hit (44 px; a checkbox counts with its
   label, which toggles it), and text that reads on its background (WCAG AA: 4.5:1,
   3:1 for large text). Returns what fails, in words.
   Run by test_phone_page.py as the body of a function (it returns its findings). */
const problems = [];
const seen = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
const name = (e) => (e.getAttribute("aria-label") || e.textContent || "").trim();
if (!document.documentElement.lang) problems.push("the page has no language");
if (!document.querySelector("header")) problems.push("no banner (header)");
const mains = [...document.querySelectorAll("main")].filter(seen);
if (mains.length !== 1) problems.push(mains.length + " main regions shown");
for (const main of mains) {
  if (![...main.querySelectorAll("h1")].some(seen)) problems.push("no heading in " + main.id);
}
for (const field of document.querySelectorAll("input, textarea, select")) {
  if (!seen(field)) continue;
  const labels = [...(field.labels || [])].map(name).filter(Boolean);
  if (!labels.length && !field.getAttribute("aria-label")) problems.push("no label: #" + field.id);
  const box = field.getBoundingClientRect();
  const label = field.labels && field.labels[0] ? field.labels[0].getBoundingClientRect() : box;
  const tall = field.type === "checkbox" ? Math.max(box.height, label.height) : box.height;
  if (tall < 44 || box.width < 24) problems.push("too small to tap: #" + field.id + " " + box.width + "x" + tall);
}
for (const button of document.querySelectorAll("button")) {
  if (!seen(button)) continue;
  if (!name(button)) problems.push("a button with no name");
  const box = button.getBoundingClientRect();
  if (box.height < 44 || box.width < 44) problems.push("too small to tap: " + name(button) + " " + box.width + "x" + box.height);
}
const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
const lum = ([r, g, b]) => {
  const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const behind = (e) => {
  for (let at = e; at; at = at.parentElement) {
    const c = rgb(getComputedStyle(at).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
  }
  return [255, 255, 255];
};
for (const e of document.querySelectorAll("body *")) {
  if (!seen(e) || e.disabled) continue;
  const text = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!text) continue;
  const style = getComputedStyle(e);
  const a = lum(rgb(style.color).slice(0, 3)), b = lum(behind(e));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
  const large = size >= 24 || (size >= 18.66 && bold);
  if (ratio < (large ? 3 : 4.5)) problems.push("contrast " + ratio.toFixed(2) + ": " + e.textContent.trim().slice(0, 40));
}
return problems;
