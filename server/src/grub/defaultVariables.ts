// The /etc/default/grub variable table, loaded from server/data/grub/default-variables.json.
import data from '../../data/grub/default-variables.json';

export type DefaultVariableType = 'string' | 'cmdline-linux' | 'cmdline-xen' | 'int' | 'yes-no' | 'y' | 'enum' | 'list';

export interface DefaultVariableInfo {
  type: DefaultVariableType;
  summary: string;
  values?: string[];
  min?: number;
  example?: string;
  deprecated?: string;
  distribution?: boolean;
  internal?: boolean;
  /** For the XEN_REPLACE variables: the value is the dom0 kernel's command line. */
  dom0?: boolean;
}

export const defaultVariables: Record<string, DefaultVariableInfo> = data.variables as Record<
  string,
  DefaultVariableInfo
>;

/** Problem with a literal value, or undefined when it is fine. */
export function checkDefaultValue(info: DefaultVariableInfo, value: string): string | undefined {
  switch (info.type) {
    case 'int':
      if (!/^-?\d+$/.test(value.trim())) return `"${value}" is not a whole number of seconds.`;
      if (info.min !== undefined && Number(value) < info.min)
        return `${value} is below the smallest meaningful value, ${info.min}.`;
      return undefined;
    case 'yes-no':
      if (value === 'true' || value === 'false' || value === '') return undefined;
      return `grub-mkconfig compares this with "true"${value === 'y' || value === 'yes' || value === '1' ? `, so "${value}" counts as off` : ''}: write true or false.`;
    case 'y':
      if (value === 'y' || value === '' || value === 'n') return undefined;
      return `grub-mkconfig only turns this on for "y"${value === 'true' || value === 'yes' || value === '1' ? `, so "${value}" leaves it off` : ''}: write y.`;
    case 'enum':
      return info.values!.includes(value) ? undefined : `"${value}" is not one of ${info.values!.join(', ')}.`;
    case 'list': {
      const bad = value.split(/\s+/).filter((w) => w && !info.values!.includes(w));
      return bad.length
        ? `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a GRUB terminal' : 'are not GRUB terminals'}: use ${info.values!.join(', ')}.`
        : undefined;
    }
    case 'cmdline-linux':
    case 'cmdline-xen':
      // A menu entry's title (what GRUB_DEFAULT takes) written where kernel words go: the kernel gets
      // the words and the default entry stays the same. Titles of 20_linux_xen entries and submenus.
      if (
        /^\s*(?:Xen \d+(?:\.\d+)*[\w.-]*|Advanced options for .+|.+, with (?:Xen hypervisor|Linux \S+))\s*$/.test(value)
      )
        return `"${value.trim()}" is the title of a menu entry, not command-line words: the kernel receives these words and the entry booted by default does not change. To boot that entry by default, give its full title in GRUB_DEFAULT ("Submenu>Entry" for an entry inside a submenu).`;
      return undefined;
    default:
      return undefined;
  }
}
