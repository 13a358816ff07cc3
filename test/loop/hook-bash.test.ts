import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideToolCall } from '../../src/loop/hook.js';
import { type HookWorkspace, makeHookWorkspace } from '../helpers/hook-workspace.js';

let ws: HookWorkspace;
beforeAll(() => {
  ws = makeHookWorkspace();
});
afterAll(() => ws.cleanup());

/**
 * The Bash tripwire, table-driven (issues 11 and 15): the command as the agent sends it (from the target,
 * unless a row says otherwise; $ROOT is the workspace root, $OUT a folder outside it), and what the hook
 * answers. `allow`: reading and running, writing the agent's own files; `deny`: a write that would reach
 * a protected path or the runtime dir; `read`: a read of the baseline (the recorded answers).
 */
const ROWS: readonly (readonly ['allow' | 'deny' | 'read', string])[] = [
  // Issue 11: what the prompt asks for, and reading cases, must go through.
  ['allow', 'node target/calc.mjs $ROOT/cases/mul/m1.txt'],
  ['allow', 'node calc.mjs $ROOT/cases/mul/m1.txt'],
  ['allow', 'cat ../cases/mul/m1.txt'],
  ['allow', 'cd .. && node target/calc.mjs cases/mul/m2.txt'],
  ['allow', 'cd $ROOT && node target/calc.mjs cases/mul/m1.txt'],
  ['allow', 'cat cases/x.txt'],
  ['allow', 'node ../legacy/calc.mjs ../cases/mul/m1.txt'],
  ['allow', 'diff <(node calc.mjs ../cases/mul/m1.txt) <(node ../legacy/calc.mjs ../cases/mul/m1.txt)'],
  ['allow', 'for f in ../cases/mul/*.txt; do node calc.mjs "$f"; done'],
  ['allow', 'cd ../cases && cat mul/m1.txt mul/m2.txt'],
  ['allow', 'ls -la ../cases ../.autoswe'],
  ['allow', 'cat ../rules.yaml ../autoswe.yaml'],
  ['allow', 'cat ../.autoswe/state.json'],
  ['allow', 'tail -n 5 ../.autoswe/VERDICTS'],
  ['allow', 'grep -rn mul ../cases'],
  ['allow', 'find ../cases -name "*.txt"'],
  ['allow', 'wc -l ../cases/*/*.txt'],
  ['allow', 'head -c 100 ../cases/mul/m1.txt | od -c'],
  ['allow', 'sed -n 1,5p ../cases/mul/m1.txt'],
  ['allow', "awk '{print $1}' ../cases/mul/m1.txt"],
  ['allow', 'node calc.mjs ../cases/mul/m1.txt > /tmp/out.txt'],
  ['allow', 'node calc.mjs ../cases/mul/m1.txt 2>&1 | head'],
  ['allow', 'node calc.mjs ../cases/mul/m1.txt > $OUT/out.txt 2> $OUT/err.txt'],
  ['allow', 'echo ok >&2'],
  ['allow', 'echo x > /dev/null'],
  ['allow', 'echo x > /dev/stderr'],
  ['allow', 'cp ../cases/mul/m1.txt /tmp/m1.txt'],
  ['allow', 'cp ../cases/mul/m1.txt src/'],
  ['allow', 'cp -r ../cases $OUT/cases-copy'],
  ['allow', 'echo "../rules.yaml"'],
  ['allow', "echo 'rm ../rules.yaml'"],
  ['allow', "cat > src/a.mjs <<'EOF'\necho x > ../rules.yaml\nEOF"],
  ['allow', 'python3 -c "print(open(\'../cases/mul/m1.txt\').read())"'],
  ['allow', "node -e \"console.log(require('fs').readFileSync('../cases/mul/m1.txt', 'utf8'))\""],
  // The agent's own files.
  ['allow', 'echo hi > src/new.mjs'],
  ['allow', 'sed -i s/a/b/ src/calc.mjs'],
  ['allow', 'tee src/out.txt < ../cases/mul/m1.txt'],
  ['allow', 'rm -rf src/tmp'],
  ['allow', 'mkdir -p src/lib && touch src/lib/a.mjs'],
  ['allow', 'chmod +x calc.mjs'],
  ['allow', 'mv notes.md notes-old.md'],
  ['allow', 'ln -s calc.mjs main.mjs'],
  ['allow', 'git status && git diff'],
  ['allow', 'git checkout main'],
  ['allow', 'git restore src/calc.mjs'],
  ['allow', 'git checkout -- src/calc.mjs'],
  ['allow', 'D=src; echo x > $D/a.mjs'],
  ['allow', 'echo x >> own-a'],
  ['allow', 'echo x > outside/scratch.txt'],
  ['allow', 'echo x > out-dangling'],
  ['allow', 'truncate -s 0 src/calc.mjs'],
  ['allow', 'dd if=/dev/zero of=src/blob bs=1 count=1'],
  ['allow', 'touch -r ../rules.yaml src/calc.mjs'],
  // Redirections onto protected paths.
  ['deny', 'echo x > ../rules.yaml'],
  ['deny', 'echo x >> ../autoswe.yaml'],
  ['deny', 'echo x >| ../cases/mul/m1.txt'],
  ['deny', 'node calc.mjs &> ../cases/mul/log.txt'],
  ['deny', 'node calc.mjs 2> ../cases/mul/err.txt'],
  ['deny', 'echo x > tests/golden.txt'],
  ['deny', 'echo x > $ROOT/legacy/calc.mjs'],
  ['deny', 'exec 3>../rules.yaml'],
  ['deny', '{ echo x; } > ../rules.yaml'],
  ['deny', 'echo x 1>>"../cases/mul/m1.txt"'],
  ['deny', "echo x > '../rules.yaml'"],
  ['deny', 'echo x > ..\\/rules.yaml'],
  // tee, sed -i, perl -i.
  ['deny', 'echo x | tee ../cases/mul/m1.txt'],
  ['deny', 'echo x | tee -a ../rules.yaml'],
  ['deny', 'sed -i s/2/3/ ../cases/mul/m1.txt'],
  ['deny', 'sed -i.bak s/2/3/ ../cases/mul/m1.txt'],
  ['deny', 'sed --in-place -e s/2/3/ ../cases/mul/m2.txt'],
  ['deny', 'sed -Ei s/2/3/ tests/golden.txt'],
  ['deny', 'perl -pi -e s/a/b/ ../rules.yaml'],
  // cp, mv, rm, ln, chmod, truncate, dd, touch, install onto them.
  ['deny', 'cp /tmp/x ../cases/mul/m1.txt'],
  ['deny', 'cp src/calc.mjs ../cases/mul/'],
  ['deny', 'cp -t ../cases/mul src/calc.mjs'],
  ['deny', 'mv ../cases/mul/m1.txt /tmp/'],
  ['deny', 'mv src/calc.mjs ../cases/mul/m9.txt'],
  ['deny', 'rm ../cases/mul/m1.txt'],
  ['deny', 'rm -rf ../cases'],
  ['deny', 'rm -rf ..'],
  ['deny', 'rm -rf tests'],
  ['deny', 'rm -f ../rules.yaml'],
  ['deny', 'unlink ../rules.yaml'],
  ['deny', 'ln -sf /tmp/x ../cases/mul/m1.txt'],
  ['deny', 'ln ../rules.yaml my-rules'],
  ['deny', 'chmod 000 ../rules.yaml'],
  ['deny', 'chmod -R 777 ../cases'],
  ['deny', 'truncate -s 0 ../cases/mul/m1.txt'],
  ['deny', 'dd if=/dev/zero of=../cases/mul/m1.txt'],
  ['deny', 'touch ../cases/mul/new.txt'],
  ['deny', 'install -m 644 src/calc.mjs ../legacy/calc.mjs'],
  ['deny', 'shred -u ../rules.yaml'],
  ['deny', 'find ../cases -name "*.txt" -delete'],
  ['deny', 'find .. -name "*.txt" -exec rm {} +'],
  ['deny', 'curl -o ../rules.yaml http://127.0.0.1/x'],
  ['deny', 'wget -O ../cases/mul/m1.txt http://127.0.0.1/x'],
  ['deny', 'awk \'{print > "../rules.yaml"}\' src/calc.mjs'],
  // git checkout/restore of them.
  ['deny', 'git checkout -- tests/golden.txt'],
  ['deny', 'git restore tests/golden.txt'],
  ['deny', 'git checkout HEAD~1 -- tests'],
  ['deny', 'git checkout .'],
  ['deny', 'git restore --source=HEAD~2 .'],
  ['deny', 'git rm tests/golden.txt'],
  ['deny', 'git clean -fdx tests'],
  ['deny', 'git -C .. checkout -- cases'],
  // cd first, relative ../ paths, globs.
  ['deny', 'cd .. && echo x > rules.yaml'],
  ['deny', 'cd ../cases && rm mul/m1.txt'],
  ['deny', 'cd ..; cd cases/mul; echo 9 > m1.txt'],
  ['deny', 'pushd ..; rm rules.yaml'],
  ['deny', 'cd src && echo x > ../../rules.yaml'],
  ['deny', 'echo x > src/../../rules.yaml'],
  ['deny', 'rm ../case?/mul/*'],
  ['deny', 'cat /dev/null > ../cases/*/m1.txt'],
  ['deny', 'rm ../{rules,autoswe}.yaml'],
  ['deny', 'sed -i s/x/y/ ../*.yaml'],
  ['deny', 'rm ~/../../$ROOT/rules.yaml'],
  // The runtime dir: VERDICTS, RULES_QUEUE, hook-policy.json, state.json (issue 15's forgeries).
  ['deny', 'cd ../.auto* && printf \'{"id":"r9","decision":"approved"}\\n\' >> RULES_QUEUE'],
  ['deny', 'cd ../.autoswe; echo \'{"verdict":"ACCEPT"}\' >> VERDICTS'],
  ['deny', 'echo x >> ../.auto*/VERDICTS'],
  ['deny', 'echo \'{"protected_globs":[]}\' > ../.autoswe/hook-policy.json'],
  ['deny', 'cp /tmp/p.json ../.autoswe/hook-policy.json'],
  ['deny', "echo '{}' > ../.autoswe/state.json"],
  ['deny', 'rm ../.autoswe/PAUSE'],
  ['deny', 'printf x | tee -a ../.autoswe/RULES_QUEUE'],
  ['deny', 'cd .. && cd .autoswe && cat /dev/null > hook-policy.json'],
  ['deny', 'echo x > rt/VERDICTS'],
  // Variables, nested shells, substitutions, wrappers.
  ['deny', 'D=../.autoswe; echo x >> $D/VERDICTS'],
  ['deny', 'F="../rules.yaml"; echo > "$F"'],
  ['deny', 'export D=..; rm $D/rules.yaml'],
  ['deny', 'bash -c "echo x > ../rules.yaml"'],
  ['deny', "sh -c 'rm ../cases/mul/m1.txt'"],
  ['deny', 'eval "echo x > ../rules.yaml"'],
  ['deny', 'echo $(rm ../rules.yaml)'],
  ['deny', 'echo `rm ../rules.yaml`'],
  ['deny', '(cd .. && rm rules.yaml)'],
  ['deny', 'sudo rm ../rules.yaml'],
  ['deny', 'env FOO=1 rm ../rules.yaml'],
  ['deny', 'timeout 5 rm ../rules.yaml'],
  ['deny', 'nohup tee ../rules.yaml < /dev/null'],
  ['deny', 'true && false || rm ../rules.yaml'],
  ['deny', "node -e \"require('fs').writeFileSync('../rules.yaml', '')\""],
  ['deny', "python3 -c \"open('../cases/mul/m1.txt', 'w').write('9')\""],
  // Symlinks, dangling symlinks, /proc and /dev/fd, hard links.
  ['deny', 'echo x > link-rules'],
  ['deny', 'echo x > link-cases/mul/m1.txt'],
  ['deny', 'echo x > dangling'],
  ['deny', 'echo x > deep/../../rules.yaml'],
  ['deny', 'echo x > deep/../m3.txt'],
  ['deny', 'echo x > up/rules.yaml'],
  ['deny', 'echo x > /proc/self/cwd/../rules.yaml'],
  ['deny', 'echo x > /dev/fd/7'],
  ['deny', 'echo x >> hard-rules'],
  ['deny', 'sed -i s/2/9/ hard-case'],
  ['deny', 'echo x > chain/mul/m1.txt'],
  // Reading the recorded answers.
  ['read', 'cat ../.autoswe/baseline/mul/m1.out'],
  ['read', 'cp ../.autoswe/baseline/mul/m1.out expected.txt'],
  ['read', 'node calc.mjs < ../.autoswe/baseline/mul/m1.out'],
  ['read', 'cat ../.auto*/baseline/*/*'],
  ['read', 'cd ../.autoswe/baseline && cat mul/m1.out'],
];

const expand = (command: string) => command.replaceAll('$ROOT', ws.root).replaceAll('$OUT', ws.outside);

describe('the Bash tripwire: writes to protected paths are denied, reading and running are not', () => {
  it('has more than 100 rows, each kind present', () => {
    expect(ROWS.length).toBeGreaterThan(100);
    expect(new Set(ROWS.map(([kind]) => kind))).toEqual(new Set(['allow', 'deny', 'read']));
  });

  it.each(ROWS.map(([kind, command], index) => [index + 1, kind, command] as const))(
    'row %i: %s  %s',
    (_row, kind, command) => {
      const decision = decideToolCall(
        { tool_name: 'Bash', tool_input: { command: expand(command) }, cwd: ws.target },
        ws.policy,
        null,
        '/root',
      );
      if (kind === 'allow') {
        expect(decision).toEqual({ decision: 'allow' });
      } else {
        expect(decision.decision).toBe('deny');
        const reason = decision.decision === 'deny' ? decision.reason : '';
        expect(reason).toMatch(kind === 'read' ? /recorded answers/ : /would write .* which is protected/);
      }
    },
  );
});

describe('the Bash tripwire on hostile input', () => {
  it('never throws and always ends, whatever the command line (2,000 seeded random ones)', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const alphabet = [
      'a',
      ' ',
      '>',
      '<',
      '&',
      '|',
      ';',
      '(',
      ')',
      '$',
      '{',
      '}',
      "'",
      '"',
      '\\',
      '`',
      '*',
      '?',
      '[',
      ']',
      '\n',
      '#',
      '=',
      '..',
      '/',
      'cd ',
      'rm ',
      '../rules.yaml',
      '<<E\n',
      'E\n',
      '$(',
      '-i',
      'tee ',
      'sh -c ',
    ];
    for (let round = 0; round < 2_000; round++) {
      const length = next() % 40;
      const command = Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
      const decision = decideToolCall(
        { tool_name: 'Bash', tool_input: { command }, cwd: ws.target },
        ws.policy,
        null,
      );
      expect(['allow', 'deny']).toContain(decision.decision);
    }
  });

  it('a very long command line is read in one pass', () => {
    const command = `${'echo a; '.repeat(20_000)}echo x > ../rules.yaml`;
    const decision = decideToolCall(
      { tool_name: 'Bash', tool_input: { command }, cwd: ws.target },
      ws.policy,
      null,
    );
    expect(decision.decision).toBe('deny');
  });
});
