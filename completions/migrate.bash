# bash completion for a Retort executor (`migrate`, or the NAME given to
# retort_add_migrations(); for another name: complete -F _retort_migrate NAME).
# Revision ids come from the executor itself (`history`, which reads only its
# compiled table), so they are always this build's.
_retort_migrate() {
  local cur prev words cword
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local commands="upgrade downgrade check stamp current history heads branches show wait resolve"
  local globals="--url --version-table --wait --lock-timeout --json --ignore-checksums --version --help"
  case $prev in
    --url|--version-table|--wait|--lock-timeout|--timeout|--interval|-r|--rev-range) return ;;
    --dialect) COMPREPLY=($(compgen -W "sqlite mysql mariadb" -- "$cur")); return ;;
  esac
  local command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case " $commands " in *" ${COMP_WORDS[i]} "*) command=${COMP_WORDS[i]}; break ;; esac
  done
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "$globals" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    fi
    return
  fi
  local options=""
  case $command in
    upgrade|downgrade) options="--verbose --sql --dialect --dry-run" ;;
    stamp) options="--purge --force" ;;
    resolve) options="--auto --applied --rolled-back" ;;
    current|heads) options="--verbose" ;;
    history) options="--verbose --rev-range --indicate-current --log" ;;
    wait) options="--timeout --interval" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options $globals" -- "$cur"))
    return
  fi
  case $command in
    upgrade|downgrade|stamp|show|resolve)
      local ids
      ids=$("${COMP_WORDS[0]}" history 2>/dev/null | awk '{ print ($2 == "->") ? $3 : $1 }' |
        sed 's/,$//')
      local targets="head heads base"
      [[ $command == show || $command == resolve ]] && targets="head heads"
      COMPREPLY=($(compgen -W "$targets $ids" -- "$cur"))
      ;;
  esac
}
complete -F _retort_migrate migrate
