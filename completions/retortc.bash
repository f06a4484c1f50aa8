# bash completion for retortc.
_retortc() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local commands="compile check revision merge schema baseline drift"
  case $prev in
    --dir|--model|-o|--out) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --dialect) COMPREPLY=($(compgen -W "dsl sqlite mysql mariadb" -- "$cur")); return ;;
    -m|--message|--head|--branch-label|--rev-id|--from-db|--at|--id|--version-table) return ;;
  esac
  local command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case " $commands " in *" ${COMP_WORDS[i]} "*) command=${COMP_WORDS[i]}; break ;; esac
  done
  local options
  case $command in
    "") COMPREPLY=($(compgen -W "$commands --version --help" -- "$cur")); return ;;
    compile) options="--dir --out --strict --model" ;;
    check) options="--dir --strict --model" ;;
    revision) options="--dir --message --head --branch-label --rev-id --autogenerate --from-db --model" ;;
    merge) options="--dir --message" ;;
    schema) options="--dir --at --dialect" ;;
    baseline) options="--from-db --dir --message --id" ;;
    drift) options="--from-db --dir --at --version-table" ;;
  esac
  COMPREPLY=($(compgen -W "$options --help" -- "$cur"))
}
complete -F _retortc retortc
