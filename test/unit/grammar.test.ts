import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

/**
 * Tokenizes annotation files with the engine VS Code uses (vscode-textmate + oniguruma), VS Code's own
 * JSON / JSONC grammars and themes (copies in fixtures/textmate, see NOTICE.md there) and the injection
 * grammar this extension contributes, exactly as package.json wires it.
 */

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test', 'unit', 'fixtures', 'textmate');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const INJECTION_SCOPE = 'surgery-classifier.annotations.injection';
const TIME_SCOPE = 'constant.numeric.time.surgery-classifier';
const LABEL_SCOPE = 'string.quoted.double.label.surgery-classifier';
const OUR_SUFFIX = '.surgery-classifier';

type RawThemeSetting = vsctm.IRawTheme['settings'][number];

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const contribution: GrammarContribution | undefined = (manifest.contributes?.grammars ?? []).find(
  (grammar: GrammarContribution) => grammar.scopeName === INJECTION_SCOPE,
);

const grammarFiles: Record<string, string> = {
  'source.json': path.join(fixtures, 'JSON.tmLanguage.json'),
  'source.json.comments': path.join(fixtures, 'JSONC.tmLanguage.json'),
  [INJECTION_SCOPE]: path.join(root, contribution?.path ?? 'syntaxes/annotations.injection.tmLanguage.json'),
};

let onigLib: Promise<vsctm.IOnigLib> | undefined;
function loadOnigLib(): Promise<vsctm.IOnigLib> {
  onigLib ??= oniguruma.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'))).then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
  return onigLib;
}

/** A registry like VS Code's: the injection goes where package.json's injectTo says, or nowhere. */
function createRegistry(withInjection: boolean, theme?: vsctm.IRawTheme): vsctm.Registry {
  return new vsctm.Registry({
    onigLib: loadOnigLib(),
    ...(theme ? { theme } : {}),
    loadGrammar: async (scopeName) => {
      const file = grammarFiles[scopeName];
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (withInjection && contribution?.injectTo?.includes(scopeName) ? [INJECTION_SCOPE] : undefined),
  });
}

interface Token {
  readonly line: number;
  readonly start: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

async function tokenize(rootScope: string, text: string, withInjection = true): Promise<Token[]> {
  const grammar = await createRegistry(withInjection).loadGrammar(rootScope);
  assert.ok(grammar, `grammar ${rootScope} loads`);
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  text.split('\n').forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, state);
    for (const token of result.tokens) {
      tokens.push({ line, start: token.startIndex, text: lineText.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** The token that starts at the `occurrence`-th (0-based) place where `needle` begins, on the line that contains `lineMarker`. */
function tokenAt(tokens: readonly Token[], text: string, lineMarker: string, needle: string, occurrence = 0): Token {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(lineMarker));
  assert.ok(line >= 0, `no line contains ${lineMarker}`);
  let column = -1;
  for (let i = 0; i <= occurrence; i++) column = lines[line].indexOf(needle, column + 1);
  assert.ok(column >= 0, `line ${line} has no ${needle}`);
  const token = tokens.find((candidate) => candidate.line === line && candidate.start === column);
  assert.ok(token, `no token starts at ${line}:${column} (${needle})`);
  return token;
}

const ours = (token: Token) => token.scopes.filter((scope) => scope.endsWith(OUR_SUFFIX));
const last = (token: Token) => token.scopes[token.scopes.length - 1];
const describeToken = (token: Token) => `${JSON.stringify(token.text)} at ${token.line}:${token.start} [${token.scopes.join(' ')}]`;

function assertTime(token: Token, value: string): void {
  assert.equal(token.text, value, `the whole number is one token: ${describeToken(token)}`);
  assert.ok(token.scopes.includes(TIME_SCOPE), `time scope missing: ${describeToken(token)}`);
  assert.ok(token.scopes.some((scope) => scope.startsWith('constant.numeric.json')), `still a JSON number: ${describeToken(token)}`);
  assert.match(last(token), /^constant\.language\./, `themes colour it like a constant: ${describeToken(token)}`);
  assert.ok(!token.scopes.includes(LABEL_SCOPE), describeToken(token));
}

function assertLabel(token: Token, value: string): void {
  assert.equal(token.text, value, describeToken(token));
  assert.ok(token.scopes.includes(LABEL_SCOPE), `label scope missing: ${describeToken(token)}`);
  assert.ok(token.scopes.some((scope) => scope.startsWith('entity.name.type.')), `label not an entity name: ${describeToken(token)}`);
  assert.ok(!token.scopes.includes(TIME_SCOPE), describeToken(token));
}

function assertUntouched(token: Token, value: string, hostScope: RegExp): void {
  assert.equal(token.text, value, describeToken(token));
  assert.deepEqual(ours(token), [], `ordinary value got our scope: ${describeToken(token)}`);
  assert.match(last(token), hostScope, describeToken(token));
}

function assertKey(token: Token, key: string, suffix: string): void {
  assert.equal(token.text, key, describeToken(token));
  assert.equal(last(token), `support.type.property-name${suffix}`, `key lost its property-name scope: ${describeToken(token)}`);
  assert.ok(token.scopes.includes(`string${suffix}`), describeToken(token));
  assert.deepEqual(ours(token), [], describeToken(token));
}

const ANNOTATION_FILE = `[
  {
    "annotations": [
      {
        "endSeconds": 2115.215,
        "label": "suturing",
        "startSeconds": 2319.541,
        "confidence": 0.9,
        "note": "suturing"
      },
      {"startSeconds":12,"endSeconds" : -1.5e2,"label":"knot \\"tying\\""}
    ],
    "durationSeconds": 2975,
    "videoId": 5,
    "video": "videos/5.mp4",
    "tags": ["label", "startSeconds", 7],
    "text": "\\"label\\": \\"x\\", \\"startSeconds\\": 3",
    "other": {"label": 3, "startSeconds": "12", "durationSeconds": null}
  }
]`;

describe('annotation syntax highlighting (TextMate injection grammar)', () => {
  it('package.json contributes the injection grammar into JSON and JSON with comments', () => {
    assert.ok(contribution, `package.json contributes no grammar ${INJECTION_SCOPE}`);
    assert.deepEqual([...(contribution.injectTo ?? [])].sort(), ['source.json', 'source.json.comments']);
    const grammar = JSON.parse(fs.readFileSync(grammarFiles[INJECTION_SCOPE], 'utf8'));
    assert.equal(grammar.scopeName, INJECTION_SCOPE);
    assert.equal(typeof grammar.injectionSelector, 'string');
  });

  for (const [rootScope, suffix] of [
    ['source.json', '.json'],
    ['source.json.comments', '.json.comments'],
  ] as const) {
    describe(rootScope, () => {
      let tokens: Token[];
      before(async () => {
        tokens = await tokenize(rootScope, ANNOTATION_FILE);
      });
      const at = (lineMarker: string, needle: string, occurrence = 0) => tokenAt(tokens, ANNOTATION_FILE, lineMarker, needle, occurrence);

      it('gives the values of startSeconds, endSeconds and durationSeconds the time scope', () => {
        assertTime(at('"endSeconds": 2115', '2115.215'), '2115.215');
        assertTime(at('"startSeconds": 2319', '2319.541'), '2319.541');
        assertTime(at('"durationSeconds"', '2975'), '2975');
        // Compact and "key" : value spellings, negative numbers with exponents.
        assertTime(at('{"startSeconds":12', '12'), '12');
        assertTime(at('{"startSeconds":12', '-1.5e2'), '-1.5e2');
      });

      it('gives the value of label the label scope, quotes and escapes included', () => {
        assertLabel(at('"label": "suturing"', 'suturing'), 'suturing');
        const quotes = [at('"label": "suturing"', '"', 2), at('"label": "suturing"', '"', 3)];
        for (const quote of quotes) assertLabel(quote, '"');
        assertLabel(at('"knot', 'knot '), 'knot ');
        const escape = at('"knot', '\\"');
        assertLabel(escape, '\\"');
        assert.ok(escape.scopes.includes('constant.character.escape.json'), describeToken(escape));
      });

      it('leaves ordinary numbers and strings alone', () => {
        const number = new RegExp(`^constant\\.numeric${suffix.replace(/\./g, '\\.')}$`);
        const string = new RegExp(`^string\\.quoted\\.double${suffix.replace(/\./g, '\\.')}$`);
        assertUntouched(at('"confidence"', '0.9'), '0.9', number);
        assertUntouched(at('"videoId"', '5'), '5', number);
        assertUntouched(at('"note"', 'suturing'), 'suturing', string);
        assertUntouched(at('"video":', 'videos/5.mp4'), 'videos/5.mp4', string);
        // Strings that merely spell a key, in arrays and inside other strings.
        assertUntouched(at('"tags"', 'label'), 'label', string);
        assertUntouched(at('"tags"', 'startSeconds'), 'startSeconds', string);
        assertUntouched(at('"tags"', '7'), '7', number);
        assert.deepEqual(ours(at('"text"', '\\"label')), []);
        const inText = tokens.filter((token) => token.line === at('"text"', '"text"').line);
        assert.deepEqual(inText.flatMap(ours), [], 'a string that contains "label": "x" gets no scope of ours');
        // The right key with a value of the wrong type.
        assertUntouched(at('"other"', '3'), '3', number);
        assertUntouched(at('"other"', '12'), '12', string);
        assertUntouched(at('"other"', 'null'), 'null', /^constant\.language\.json/);
      });

      it('keeps the JSON property-name scope on every key', () => {
        for (const key of ['endSeconds', 'label', 'startSeconds', 'confidence', 'note']) assertKey(at(`"${key}":`, key), key, suffix);
        assertKey(at('"durationSeconds"', 'durationSeconds'), 'durationSeconds', suffix);
        assertKey(at('{"startSeconds":12', 'endSeconds'), 'endSeconds', suffix);
        assertKey(at('{"startSeconds":12', 'label'), 'label', suffix);
        assertKey(at('"other"', 'durationSeconds'), 'durationSeconds', suffix);
      });

      it('changes nothing but the scopes of time and label values', async () => {
        const plain = await tokenize(rootScope, ANNOTATION_FILE, false);
        const boundaries = (list: readonly Token[]) => list.map((token) => `${token.line}:${token.start}:${token.text}`);
        assert.deepEqual(boundaries(tokens), boundaries(plain), 'token boundaries differ');
        const changed = tokens.filter((token, i) => token.scopes.join(' ') !== plain[i].scopes.join(' '));
        assert.ok(changed.length > 0, 'the injection changed nothing');
        for (const token of changed) {
          assert.ok(token.scopes.includes(TIME_SCOPE) || token.scopes.includes(LABEL_SCOPE), `unexpected change: ${describeToken(token)}`);
        }
        assert.equal(changed.filter((token) => token.scopes.includes(TIME_SCOPE)).length, 5);
      });
    });
  }

  it('does not touch keys and values inside comments (JSON with comments)', async () => {
    const text = '{\n  // "label": "x", "startSeconds": 1\n  /* "endSeconds": 2 */ "label": "cut",\n  "note": /* "label": "x", "startSeconds": 1 */ "y"\n}';
    const tokens = await tokenize('source.json.comments', text);
    const commented = tokens.filter((token) => token.scopes.some((scope) => scope.startsWith('comment.')));
    assert.ok(commented.length > 0);
    assert.deepEqual(commented.flatMap(ours), []);
    assertLabel(tokenAt(tokens, text, '/*', 'cut'), 'cut');
  });

  describe('colours in the default themes', () => {
    interface ThemeFile {
      include?: string;
      colors?: Record<string, string>;
      tokenColors?: RawThemeSetting[];
    }
    /** A theme's token colours after its includes, with the editor colours as defaults, as VS Code resolves them. */
    function loadTheme(file: string): vsctm.IRawTheme {
      const chain: ThemeFile[] = [];
      for (let next: string | undefined = file; next; ) {
        const theme: ThemeFile = JSON.parse(fs.readFileSync(path.join(fixtures, next), 'utf8'));
        chain.unshift(theme);
        next = theme.include && path.basename(theme.include);
      }
      const colors = Object.assign({}, ...chain.map((theme) => theme.colors ?? {}));
      const defaults: RawThemeSetting = { settings: { foreground: colors['editor.foreground'], background: colors['editor.background'] } };
      return { settings: [defaults, ...chain.flatMap((theme) => theme.tokenColors ?? [])] };
    }

    for (const [themeName, file] of [
      ['Dark+', 'dark_plus.json'],
      ['Light+', 'light_plus.json'],
    ] as const) {
      it(`${themeName} colours times and labels differently from ordinary numbers, strings and keys`, async () => {
        const line = '{"startSeconds": 12.5, "label": "suturing", "confidence": 0.9, "note": "suturing", "videoId": 5}';
        const colour = async (withInjection: boolean) => {
          const registry = createRegistry(withInjection, loadTheme(file));
          const grammar = await registry.loadGrammar('source.json');
          assert.ok(grammar);
          const colorMap = registry.getColorMap();
          const binary = grammar.tokenizeLine2(line, vsctm.INITIAL).tokens;
          return (needle: string, occurrence = 0): string => {
            let column = -1;
            for (let i = 0; i <= occurrence; i++) column = line.indexOf(needle, column + 1);
            let metadata: number | undefined;
            for (let i = 0; i < binary.length; i += 2) if (binary[i] <= column) metadata = binary[i + 1];
            assert.ok(metadata !== undefined);
            // Foreground colour id: bits 15-23 of the encoded token attributes.
            return colorMap[(metadata >>> 15) & 0x1ff].toUpperCase();
          };
        };
        const withOurs = await colour(true);
        const plain = await colour(false);

        const time = withOurs('12.5');
        const label = withOurs('suturing', 0);
        const number = withOurs('0.9');
        const string = withOurs('suturing', 1);
        const key = withOurs('startSeconds');
        assert.equal(number, plain('0.9'), 'ordinary numbers keep their colour');
        assert.equal(withOurs('5}'), number);
        assert.equal(string, plain('suturing', 1), 'ordinary strings keep their colour');
        assert.equal(key, plain('startSeconds'), 'keys keep their colour');
        assert.equal(withOurs('label'), key);
        assert.notEqual(time, number, `time values look like ordinary numbers (${time})`);
        assert.notEqual(label, string, `labels look like ordinary strings (${label})`);
        assert.notEqual(time, key, `time values look like keys (${time})`);
        assert.notEqual(label, key, `labels look like keys (${label})`);
        assert.notEqual(time, label, `time values and labels look alike (${time})`);
        assert.equal(withOurs('"suturing"'), label, 'the quotes of a label share its colour');
      });
    }
  });
});
