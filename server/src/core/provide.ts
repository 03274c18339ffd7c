// What the wiring hands to the areas below it: a slot is declared by the area that needs a
// capability (cmdline/host.ts declares its cross-check), filled by the service that assembles the
// modes (service/service.ts), and read from ModeContext.provided. So an area uses a neighbour's
// check without importing it, and every import still points down (ARCHITECTURE.md, "Layers").
export class Slot<T> {
  declare private readonly _value?: T;
  constructor(readonly name: string) {}
}

/** The capabilities one service provides to its modes, by slot. */
export class Provided {
  private readonly values = new Map<Slot<unknown>, unknown>();

  set<T>(slot: Slot<T>, value: T): this {
    this.values.set(slot as Slot<unknown>, value);
    return this;
  }

  get<T>(slot: Slot<T>): T | undefined {
    return this.values.get(slot as Slot<unknown>) as T | undefined;
  }
}
