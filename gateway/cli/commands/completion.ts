import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';

/** `passerelle completion bash|zsh`: generated from the command tree, so it never goes stale. */
export function completionCommand(program: Command): void {
  program.command('completion').argument('<shell>', 'bash or zsh').description('print a shell completion script (eval "$(passerelle completion bash)")')
    .action((shell: string) => {
      const tree = commandTree(program);
      if (shell === 'bash') process.stdout.write(bashScript(tree));
      else if (shell === 'zsh') process.stdout.write(`#compdef passerelle\nautoload -U bashcompinit && bashcompinit\n${bashScript(tree)}`);
      else throw new CliError(`no completion for "${shell}": bash or zsh`, EXIT.usage);
    });
}

/** Top-level words, and for each command its subcommands and long options. */
function commandTree(program: Command): Map<string, string[]> {
  const tree = new Map<string, string[]>();
  const globalFlags = program.options.map((o) => o.long).filter((x): x is string => !!x);
  tree.set('', [...program.commands.map((c) => c.name()), ...globalFlags]);
  for (const c of program.commands) tree.set(c.name(), [...c.commands.map((s) => s.name()), ...c.options.map((o) => o.long).filter((x): x is string => !!x), ...globalFlags]);
  return tree;
}

function bashScript(tree: Map<string, string[]>): string {
  const cases = [...tree].filter(([k]) => k).map(([k, words]) => `    ${k}) words="${words.join(' ')}" ;;`).join('\n');
  return `_passerelle() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words
  if [ "$COMP_CWORD" -eq 1 ]; then words="${tree.get('')!.join(' ')}"
  else case "\${COMP_WORDS[1]}" in
${cases}
    *) words="" ;;
  esac; fi
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _passerelle passerelle
`;
}
