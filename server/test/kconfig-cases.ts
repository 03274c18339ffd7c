// Semantics cases for the Kconfig engine: small Kconfig trees written for this
// project, with the .config the kernel's own conf (6.1 = legacy semantics,
// 6.12 = modern semantics) writes for `--olddefconfig` on them. The expected
// outputs were produced by running conf; the tree comparison test re-checks
// them against conf when the kernel trees are present.
export interface SemanticsCase {
  name: string;
  kconfig: string;
  /** Input .config, or null for "no .config at all". */
  config: string | null;
  legacy?: string;
  modern?: string;
}

export const SEMANTICS_CASES: SemanticsCase[] = [
  {
    name: 'tristate-modules',
    kconfig:
      'config MODULES\n\tbool "m"\n\tmodules\nconfig A\n\ttristate "a"\nconfig B\n\ttristate "b"\n\tdepends on A\nconfig C\n\ttristate\n\tdefault m\nconfig D\n\tbool "d"\n\tdepends on m\n',
    config: 'CONFIG_A=m\nCONFIG_B=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_MODULES is not set\nCONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_MODULES is not set\nCONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\n',
  },
  {
    name: 'tristate-nomodules',
    kconfig:
      'config MODULES\n\tbool "m"\n\tmodules\nconfig A\n\ttristate "a"\nconfig B\n\ttristate "b"\n\tdepends on A\nconfig C\n\ttristate\n\tdefault m\n',
    config: '# CONFIG_MODULES is not set\nCONFIG_A=m\nCONFIG_B=m\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_MODULES is not set\nCONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_MODULES is not set\nCONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\n',
  },
  {
    name: 'select-imply',
    kconfig:
      'config MODULES\n\tdef_bool y\n\tmodules\nconfig A\n\ttristate "a"\n\tselect S\n\timply I\nconfig S\n\ttristate "s"\n\tdepends on X\nconfig X\n\tbool "x"\nconfig I\n\ttristate "i"\nconfig J\n\ttristate "j"\n\tdepends on A\n\tdefault y\n',
    config: 'CONFIG_A=m\n# CONFIG_S is not set\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_MODULES=y\nCONFIG_A=m\nCONFIG_S=m\n# CONFIG_X is not set\nCONFIG_I=m\nCONFIG_J=m\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_MODULES=y\nCONFIG_A=m\nCONFIG_S=m\n# CONFIG_X is not set\nCONFIG_I=m\nCONFIG_J=m\n',
  },
  {
    name: 'imply-user-n',
    kconfig: 'config A\n\tbool "a"\n\tdefault y\n\timply I\nconfig I\n\tbool "i"\n',
    config: '# CONFIG_I is not set\n',
    legacy: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\n# CONFIG_I is not set\n',
    modern: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\n# CONFIG_I is not set\n',
  },
  {
    name: 'ranges',
    kconfig:
      'config N\n\tint "n"\n\trange 10 20\n\tdefault 15\nconfig M\n\tint "m"\n\trange 10 20\nconfig H\n\thex "h"\n\trange 0x100 0x200\n\tdefault 0x150\nconfig P\n\tint "p"\nconfig Q\n\thex "q"\nconfig R\n\tint "r"\n\trange N 30\n',
    config: 'CONFIG_N=50\nCONFIG_H=0x50\nCONFIG_R=12\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_N=15\nCONFIG_M=10\nCONFIG_H=0x150\nCONFIG_P=\nCONFIG_Q=\nCONFIG_R=15\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_N=20\nCONFIG_M=10\nCONFIG_H=0x100\nCONFIG_P=0\nCONFIG_Q=0x0\nCONFIG_R=20\n',
  },
  {
    name: 'int-invalid',
    kconfig:
      'config N\n\tint "n"\n\tdefault 3\nconfig H\n\thex "h"\n\tdefault 0x10\nconfig S\n\tstring "s"\n\tdefault "d"\n',
    config: 'CONFIG_N=abc\nCONFIG_H=zz\nCONFIG_S=unquoted\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_N=3\nCONFIG_H=0x10\nCONFIG_S="d"\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_N=3\nCONFIG_H=0x10\nCONFIG_S="d"\n',
  },
  {
    name: 'strings',
    kconfig:
      'config S\n\tstring "s"\nconfig T\n\tstring\n\tdefault "a\\"b\\\\c"\nconfig U\n\tstring "u"\n\tdefault T\n',
    config: 'CONFIG_S="x \\"q\\" \\\\ y"\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_S="x \\"q\\" \\\\ y"\nCONFIG_T="a\\"b\\\\c"\nCONFIG_U="a\\"b\\\\c"\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_S="x \\"q\\" \\\\ y"\nCONFIG_T="a\\"b\\\\c"\nCONFIG_U="a\\"b\\\\c"\n',
  },
  {
    name: 'menus',
    kconfig:
      'mainmenu "My menu"\nmenu "M1"\nconfig A\n\tbool "a"\ncomment "note"\n\tdepends on A\nmenu "Inner"\n\tdepends on A\nconfig B\n\tbool "b"\nendmenu\nendmenu\nmenu "Hidden"\n\tvisible if n\nconfig C\n\tbool "c"\n\tdefault y\nendmenu\nconfig D\n\tbool "d"\n',
    config: 'CONFIG_A=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# My menu\n#\n\n#\n# M1\n#\nCONFIG_A=y\n\n#\n# note\n#\n\n#\n# Inner\n#\n# CONFIG_B is not set\n# end of Inner\n# end of M1\n\nCONFIG_C=y\n# CONFIG_D is not set\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# My menu\n#\n\n#\n# M1\n#\nCONFIG_A=y\n\n#\n# note\n#\n\n#\n# Inner\n#\n# CONFIG_B is not set\n# end of Inner\n# end of M1\n\nCONFIG_C=y\n# CONFIG_D is not set\n',
  },
  {
    name: 'choice-basic',
    kconfig:
      'choice\n\tprompt "c"\n\tdefault B\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\nconfig C\n\tbool "c"\nendchoice\n',
    config: 'CONFIG_A=y\nCONFIG_C=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_A is not set\n# CONFIG_B is not set\nCONFIG_C=y\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_A is not set\n# CONFIG_B is not set\nCONFIG_C=y\n',
  },
  {
    name: 'choice-user-n-default',
    kconfig:
      'choice\n\tprompt "c"\n\tdefault B\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\nconfig C\n\tbool "c"\nendchoice\n',
    config: '# CONFIG_B is not set\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_A is not set\nCONFIG_B=y\n# CONFIG_C is not set\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\n# CONFIG_B is not set\n# CONFIG_C is not set\n',
  },
  {
    name: 'choice-invisible-user',
    kconfig:
      'config X\n\tbool "x"\nchoice\n\tprompt "c"\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\n\tdepends on X\nendchoice\n',
    config: 'CONFIG_B=y\n',
    legacy: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_X is not set\nCONFIG_A=y\n',
    modern: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_X is not set\nCONFIG_A=y\n',
  },
  {
    name: 'choice-dep',
    kconfig:
      'config A\n\tbool "A"\nchoice\n\tprompt "Choice ?"\n\tdepends on A\nconfig CHOICE_B\n\tbool "Choice B"\nconfig CHOICE_C\n\tbool "Choice C"\nendchoice\n',
    config: '# CONFIG_A is not set\n',
    legacy: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_A is not set\n',
    modern: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_A is not set\n',
  },
  {
    name: 'new-choice-dep',
    kconfig:
      'config A\n\tbool "A"\nchoice\n\tprompt "c1"\n\tdepends on A\nconfig CB\n\tbool "B"\nconfig CC\n\tbool "C"\nendchoice\nchoice\n\tprompt "c2"\nconfig CD\n\tbool "D"\nconfig CE\n\tbool "E"\nconfig CF\n\tbool "F"\n\tdepends on A\nendchoice\n',
    config: 'CONFIG_A=y\nCONFIG_CB=y\n# CONFIG_CD is not set\nCONFIG_CE=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\nCONFIG_CB=y\n# CONFIG_CC is not set\n# CONFIG_CD is not set\nCONFIG_CE=y\n# CONFIG_CF is not set\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\nCONFIG_CB=y\n# CONFIG_CC is not set\n# CONFIG_CD is not set\nCONFIG_CE=y\n# CONFIG_CF is not set\n',
  },
  {
    name: 'inter-choice',
    kconfig:
      'choice\n\tprompt "first"\nconfig V0\n\tbool "v0"\nconfig V1\n\tbool "v1"\nendchoice\nchoice\n\tprompt "second"\n\tdepends on V0\nconfig DUMMY\n\tbool "dummy"\nendchoice\n',
    config: 'CONFIG_V0=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_V0=y\n# CONFIG_V1 is not set\nCONFIG_DUMMY=y\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_V0=y\n# CONFIG_V1 is not set\nCONFIG_DUMMY=y\n',
  },
  {
    name: 'no-config',
    kconfig:
      'config A\n\tbool "a"\n\tdefault y\nchoice\n\tprompt "c"\nconfig B\n\tbool "b"\nconfig C\n\tbool "c"\nendchoice\nconfig N\n\tint "n"\n',
    config: null,
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\nCONFIG_B=y\n# CONFIG_C is not set\nCONFIG_N=\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\nCONFIG_B=y\n# CONFIG_C is not set\nCONFIG_N=0\n',
  },
  {
    name: 'unmet-select',
    kconfig: 'config A\n\tbool "a"\n\tselect B\nconfig B\n\tbool "b"\n\tdepends on C\nconfig C\n\tbool "c"\n',
    config: 'CONFIG_A=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\nCONFIG_B=y\n# CONFIG_C is not set\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\nCONFIG_B=y\n# CONFIG_C is not set\n',
  },
  {
    name: 'compare-ops',
    kconfig:
      'config N\n\tint "n"\n\tdefault 5\nconfig H\n\thex "h"\n\tdefault 0x20\nconfig S\n\tstring "s"\n\tdefault "abc"\nconfig LT\n\tdef_bool N < 10\nconfig GE\n\tdef_bool N >= 6\nconfig HEQ\n\tdef_bool H = 32\nconfig HGT\n\tdef_bool H > 0x1f\nconfig SEQ\n\tdef_bool S = "abc"\nconfig SNE\n\tdef_bool S != "abd"\nconfig SLT\n\tdef_bool S < "abd"\n',
    config: '',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_N=5\nCONFIG_H=0x20\nCONFIG_S="abc"\nCONFIG_LT=y\nCONFIG_HEQ=y\nCONFIG_HGT=y\nCONFIG_SEQ=y\nCONFIG_SNE=y\nCONFIG_SLT=y\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_N=5\nCONFIG_H=0x20\nCONFIG_S="abc"\nCONFIG_LT=y\nCONFIG_HEQ=y\nCONFIG_HGT=y\nCONFIG_SEQ=y\nCONFIG_SNE=y\nCONFIG_SLT=y\n',
  },
  {
    name: 'defaults-order',
    kconfig:
      'config A\n\tbool "a"\nconfig B\n\tint\n\tdefault 1 if A\n\tdefault 2\nconfig C\n\ttristate\n\tdefault y if A\n\tdefault m\nconfig D\n\tstring\n\tdefault "x" if !A\n\tdefault "y"\n',
    config: 'CONFIG_A=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\nCONFIG_B=1\nCONFIG_C=y\nCONFIG_D="y"\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\nCONFIG_B=1\nCONFIG_C=y\nCONFIG_D="y"\n',
  },
  {
    name: 'duplicate-def',
    kconfig:
      'config A\n\tbool "a"\n\tdepends on X\nconfig X\n\tbool "x"\nconfig A\n\tbool\n\tdefault y if Y\nconfig Y\n\tdef_bool y\n',
    config: 'CONFIG_A=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\n# CONFIG_X is not set\nCONFIG_Y=y\n',
    modern:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\n# CONFIG_X is not set\nCONFIG_Y=y\n',
  },
  {
    name: 'hex-noprefix',
    kconfig: 'config H\n\thex "h"\n\tdefault 10\n',
    config: 'CONFIG_H=ff\n',
    legacy: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_H=ff\n',
    modern: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_H=ff\n',
  },
  {
    name: 'override-warn',
    kconfig: 'config A\n\tbool "a"\nconfig B\n\ttristate "b"\n',
    config: 'CONFIG_A=y\n# CONFIG_A is not set\nCONFIG_B=m\n',
    legacy: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_A is not set\nCONFIG_B=y\n',
    modern: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\n# CONFIG_A is not set\nCONFIG_B=y\n',
  },
  {
    name: 'tri-choice',
    kconfig:
      'config MODULES\n\tbool "Enable loadable module support"\n\tmodules\n\tdefault y\nchoice\n\tprompt "boolean choice"\n\tdefault BOOL_CHOICE1\nconfig BOOL_CHOICE0\n\tbool "choice 0"\nconfig BOOL_CHOICE1\n\tbool "choice 1"\nendchoice\nchoice\n\tprompt "optional boolean choice"\n\toptional\n\tdefault OPT_BOOL_CHOICE1\nconfig OPT_BOOL_CHOICE0\n\tbool "choice 0"\nconfig OPT_BOOL_CHOICE1\n\tbool "choice 1"\nendchoice\nchoice\n\tprompt "tristate choice"\n\tdefault TRI_CHOICE1\nconfig TRI_CHOICE0\n\ttristate "choice 0"\nconfig TRI_CHOICE1\n\ttristate "choice 1"\nendchoice\nchoice\n\tprompt "optional tristate choice"\n\toptional\n\tdefault OPT_TRI_CHOICE1\nconfig OPT_TRI_CHOICE0\n\ttristate "choice 0"\nconfig OPT_TRI_CHOICE1\n\ttristate "choice 1"\nendchoice\n',
    config: null,
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_MODULES=y\n# CONFIG_BOOL_CHOICE0 is not set\nCONFIG_BOOL_CHOICE1=y\n# CONFIG_TRI_CHOICE0 is not set\n# CONFIG_TRI_CHOICE1 is not set\n',
  },
  {
    name: 'tri-choice-cfg',
    kconfig:
      'config MODULES\n\tbool "Enable loadable module support"\n\tmodules\n\tdefault y\nchoice\n\tprompt "tristate choice"\n\tdefault TRI_CHOICE1\nconfig TRI_CHOICE0\n\ttristate "choice 0"\nconfig TRI_CHOICE1\n\ttristate "choice 1"\nendchoice\nchoice\n\tprompt "optional"\n\toptional\nconfig O0\n\tbool "o0"\nconfig O1\n\tbool "o1"\nendchoice\n',
    config: 'CONFIG_TRI_CHOICE0=m\nCONFIG_TRI_CHOICE1=m\nCONFIG_O1=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_MODULES=y\nCONFIG_TRI_CHOICE0=m\nCONFIG_TRI_CHOICE1=m\n# CONFIG_O0 is not set\nCONFIG_O1=y\n',
  },
  {
    name: 'tri-choice-y',
    kconfig:
      'config MODULES\n\tbool "m"\n\tmodules\n\tdefault y\nchoice\n\tprompt "tristate choice"\nconfig T0\n\ttristate "choice 0"\nconfig T1\n\ttristate "choice 1"\nconfig TB\n\tbool "bool member"\nendchoice\n',
    config: 'CONFIG_T1=y\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_MODULES=y\n# CONFIG_T0 is not set\nCONFIG_T1=y\n# CONFIG_TB is not set\n',
  },
  {
    name: 'm-dep-choice',
    kconfig:
      'config MODULES\n\tdef_bool y\n\tmodules\nconfig DEP\n\ttristate\n\tdefault m\nchoice\n\tprompt "Tristate Choice"\nconfig CHOICE0\n\ttristate "Choice 0"\nconfig CHOICE1\n\ttristate "Choice 1"\n\tdepends on DEP\nendchoice\n',
    config: 'CONFIG_CHOICE0=y\nCONFIG_CHOICE1=m\n',
    legacy:
      '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_MODULES=y\nCONFIG_DEP=m\nCONFIG_CHOICE0=m\nCONFIG_CHOICE1=m\n',
  },
  {
    name: 'range-legacy-dependents',
    kconfig: 'config N\n\tint "n"\n\trange 1 5\n\tdefault 3\nconfig BIG\n\tdef_bool N > 4\n',
    config: 'CONFIG_N=9\n',
    legacy: '#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_N=3\nCONFIG_BIG=y\n',
  },
];
