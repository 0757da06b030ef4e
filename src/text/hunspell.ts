// A minimal reader for Hunspell dictionaries (.aff + .dic) with suffix rules only, as used by the
// Swedish dictionary in `dictionary-sv`. It does what the compound splitter and the lemmatiser
// need: look up stems and their flags, and undo one suffix rule to find the stems of a form.
// Prefix rules, morphological fields and multi-character flag formats are not supported.

export interface SuffixRule {
  flag: string;
  /** The condition as written in the .aff file ('.' for none). */
  conditionText: string;
  /** Characters removed from the stem's end before `add` is appended. */
  strip: string;
  /** Characters appended; '' for none. */
  add: string;
  /** Flags the derived form carries (e.g. the compound-begin flag for linking forms). */
  contFlags: string;
  /** Condition the stem must end with. */
  condition: RegExp;
}

export interface AffixInfo {
  suffixes: SuffixRule[];
  compoundBegin?: string;
  compoundMiddle?: string;
  compoundEnd?: string;
  onlyInCompound?: string;
  forbiddenWord?: string;
  needAffix?: string;
}

/** One reading of a form: the stem it comes from and the suffix rule used (none: the stem itself). */
export interface StemReading {
  stem: string;
  flags: string;
  rule?: SuffixRule;
}

export function parseAffix(text: string): AffixInfo {
  const info: AffixInfo = { suffixes: [] };
  const singles: Record<string, keyof AffixInfo> = {
    COMPOUNDBEGIN: 'compoundBegin',
    COMPOUNDMIDDLE: 'compoundMiddle',
    COMPOUNDEND: 'compoundEnd',
    ONLYINCOMPOUND: 'onlyInCompound',
    FORBIDDENWORD: 'forbiddenWord',
    NEEDAFFIX: 'needAffix',
  };
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    const key = f[0];
    if (!key || key.startsWith('#')) continue;
    const single = singles[key];
    if (single && f[1]) {
      (info as unknown as Record<string, string>)[single] = f[1];
      continue;
    }
    // Rule lines have five fields: SFX flag strip add condition (headers have four).
    if (key === 'SFX' && f.length >= 5) {
      const [, flag = '', strip = '0', addField = '0', cond = '.'] = f;
      const [add = '0', contFlags = ''] = addField.split('/');
      info.suffixes.push({
        flag,
        conditionText: cond,
        strip: strip === '0' ? '' : strip,
        add: add === '0' ? '' : add,
        contFlags,
        condition: new RegExp(`${cond === '.' ? '' : cond}$`, 'u'),
      });
    }
  }
  return info;
}

/** Stems and their flags; homonym lines ("klass/8", "klass/DHTUXY") are merged. */
export function parseDictionary(text: string): Map<string, string> {
  const stems = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line || /\s/.test(line)) continue; // multi-word entries ("ad hoc") are skipped
    const slash = line.indexOf('/');
    const word = (slash < 0 ? line : line.slice(0, slash)).normalize('NFC');
    const flags = slash < 0 ? '' : line.slice(slash + 1);
    const had = stems.get(word);
    stems.set(word, had === undefined ? flags : [...new Set(had + flags)].join(''));
  }
  return stems;
}

export class HunspellDictionary {
  readonly info: AffixInfo;
  readonly stems: Map<string, string>;
  private readonly byAdd = new Map<string, SuffixRule[]>();
  private maxAdd = 0;

  constructor(affText: string, dicText: string) {
    this.info = parseAffix(affText);
    this.stems = parseDictionary(dicText);
    for (const r of this.info.suffixes) {
      const list = this.byAdd.get(r.add);
      if (list) list.push(r);
      else this.byAdd.set(r.add, [r]);
      this.maxAdd = Math.max(this.maxAdd, r.add.length);
    }
  }

  /** The rules of a flag with the same strip and condition as `rule`: one paradigm. */
  paradigmOf(rule: SuffixRule): SuffixRule[] {
    return this.info.suffixes.filter((r) => r.flag === rule.flag && r.strip === rule.strip && r.conditionText === rule.conditionText);
  }

  /** All ways `form` is a stem or a stem plus one suffix rule. Forbidden entries are left out. */
  readings(form: string): StemReading[] {
    const out: StemReading[] = [];
    const forbidden = this.info.forbiddenWord;
    const needAffix = this.info.needAffix;
    const bare = this.stems.get(form);
    if (bare !== undefined && !(forbidden && bare.includes(forbidden)) && !(needAffix && bare.includes(needAffix))) {
      out.push({ stem: form, flags: bare });
    }
    for (let n = Math.min(this.maxAdd, form.length - 1); n >= 0; n--) {
      const rules = this.byAdd.get(form.slice(form.length - n));
      if (!rules) continue;
      const base = form.slice(0, form.length - n);
      for (const rule of rules) {
        const stem = base + rule.strip;
        const flags = this.stems.get(stem);
        if (flags === undefined || !flags.includes(rule.flag)) continue;
        if (forbidden && flags.includes(forbidden)) continue;
        if (!rule.condition.test(stem)) continue;
        out.push({ stem, flags, rule });
      }
    }
    return out;
  }

  /** Every form derived from a stem by a suffix rule whose derived form carries one of `contFlags`. */
  *derivedWithFlags(contFlags: string): Generator<{ form: string; stem: string; rule: SuffixRule }> {
    const rulesByFlag = new Map<string, SuffixRule[]>();
    for (const r of this.info.suffixes) {
      if (![...contFlags].some((f) => r.contFlags.includes(f))) continue;
      const list = rulesByFlag.get(r.flag);
      if (list) list.push(r);
      else rulesByFlag.set(r.flag, [r]);
    }
    for (const [stem, flags] of this.stems) {
      for (const flag of flags) {
        const rules = rulesByFlag.get(flag);
        if (!rules) continue;
        for (const rule of rules) {
          if (!rule.condition.test(stem) || !stem.endsWith(rule.strip)) continue;
          yield { form: stem.slice(0, stem.length - rule.strip.length) + rule.add, stem, rule };
        }
      }
    }
  }
}
