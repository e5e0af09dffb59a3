/** The parts of a synthesized CloudFormation template the local cloud reads. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Description?: string }>;
  readonly Parameters?: Record<string, { Default?: unknown }>;
}

/** What a locally created resource answers to Ref and Fn::GetAtt. */
export interface PhysicalResource {
  readonly ref: string;
  readonly attributes: Record<string, string>;
}

export interface PseudoParameters {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
}

export function resourcesOfType(template: CfnTemplate, ...types: string[]): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => types.includes(r.Type));
}

/**
 * Resolves the intrinsic functions CDK emits (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select,
 * Fn::Split) against the resources created locally; anything else is an error, never a guess.
 */
export class TemplateResolver {
  readonly physical = new Map<string, PhysicalResource>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly pseudo: PseudoParameters,
  ) {}

  define(logicalId: string, resource: PhysicalResource): void {
    this.physical.set(logicalId, resource);
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
      return this.intrinsic(first[0], first[1]);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  resolveString(value: unknown): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string' && typeof resolved !== 'number') {
      throw new Error(`Expected a string, resolved ${JSON.stringify(resolved)}`);
    }
    return String(resolved);
  }

  private intrinsic(name: string, arg: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/s);
        return this.getAtt(id ?? '', attribute ?? '');
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return (this.resolve(parts) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return this.resolveString(source).split(separator);
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(arg)
          ? (arg as [string, Record<string, unknown>])
          : [String(arg), {}];
        return text.replace(/\$\{([^}!]+)\}/g, (_m, key: string) => {
          if (key in variables) return this.resolveString(variables[key]);
          const [id, attribute] = key.split(/\.(.*)/s);
          return attribute ? this.getAtt(id ?? '', attribute) : this.ref(key);
        });
      }
      default:
        throw new Error(`The local cloud cannot resolve ${name}`);
    }
  }

  private ref(id: string): string {
    switch (id) {
      case 'AWS::Region':
        return this.pseudo.region;
      case 'AWS::AccountId':
        return this.pseudo.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.pseudo.stackName;
      case 'AWS::NoValue':
        return '';
    }
    const parameter = this.template.Parameters?.[id];
    if (parameter) return String(parameter.Default ?? '');
    return this.physical.get(id)?.ref ?? id;
  }

  private getAtt(id: string, attribute: string): string {
    const value = this.physical.get(id)?.attributes[attribute];
    if (value === undefined) throw new Error(`The local cloud has no ${id}.${attribute}`);
    return value;
  }
}
