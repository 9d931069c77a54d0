import { html, LitElement, type PropertyValues } from 'lit';
import { sharedWorkspace } from '../../shared-workspace.js';
import type { Workspace } from '../../workspace.js';
import { LocaleController } from '../i18n/locale-controller.js';

/**
 * What every Sieve element shares: the workspace (an object set from script, or a name set in
 * HTML, opened once per page), the dataset (by id, or by name or id in HTML) and the colour theme.
 * A name that does not resolve shows a message in the element and a console error naming the
 * attribute, instead of a blank element.
 */
export class SieveElement extends LitElement {
  static override properties = {
    workspace: { attribute: false },
    workspaceName: { attribute: 'workspace' },
    datasetId: { attribute: 'dataset-id' },
    datasetRef: { attribute: 'dataset' },
    theme: { reflect: true },
    configError: { state: true },
  };

  /** Elements of this kind create a workspace named in HTML when there is none (only `<sieve-import>`). */
  protected static createsWorkspace = false;

  /** The workspace (set from script; or opened from the `workspace` attribute). */
  declare workspace: Workspace | undefined;
  /** Name of the workspace to open (shared by every element on the page that names it). */
  declare workspaceName: string | undefined;
  /** Id of the dataset. */
  declare datasetId: string | undefined;
  /** The dataset by name or id (attribute `dataset`; sets `datasetId` once found). */
  declare datasetRef: string | undefined;
  /** `light` or `dark` forces the colour scheme; unset, the element follows `--sieve-color-scheme`, then the system. */
  declare theme: 'light' | 'dark' | undefined;
  /** Why the element's attributes could not be resolved, shown instead of its content. */
  declare protected configError: string;
  /** The element's strings and number formats, from the nearest `lang` (see LocaleController). */
  protected readonly i18n = new LocaleController(this);
  /** The latest resolution of each named attribute (an earlier one that ends later is dropped). */
  private readonly resolutions = new Map<string, number>();
  /** Work its properties started and its methods wait for (see `settled`). */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor() {
    super();
    this.configError = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('sieve-import-done', this.retryNames);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('sieve-import-done', this.retryNames);
  }

  /** After an import on the page (it may have created the named workspace or dataset), names that did not resolve are looked up again. */
  private readonly retryNames = (): void => {
    if (!this.configError) return;
    if (this.configError.startsWith('workspace=')) void this.track(this.resolveWorkspace());
    else if (this.datasetRef) void this.track(this.resolveNamed('dataset', this.datasetRef, (workspace, ref) => this.findDataset(workspace, ref), (id) => (this.datasetId = id)));
  };

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('workspaceName')) void this.track(this.resolveWorkspace());
    if (changed.has('datasetRef') || (changed.has('workspace') && this.datasetRef)) {
      void this.track(this.resolveNamed('dataset', this.datasetRef, (workspace, ref) => this.findDataset(workspace, ref), (id) => (this.datasetId = id)));
    }
  }

  /** Runs `work` (started by the element's properties: a name looked up, a model loaded) as work its methods wait for. */
  protected track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    work.then(
      () => this.inFlight.delete(work),
      () => this.inFlight.delete(work),
    );
    return work;
  }

  /**
   * Waits until the element has applied its properties and finished the work they started (a
   * workspace or dataset named in HTML looked up, a model loaded), however they change meanwhile:
   * methods called right after the properties are set then act on what they name.
   */
  protected async settled(): Promise<void> {
    for (;;) {
      await this.updateComplete;
      if (this.inFlight.size === 0 && !this.isUpdatePending) return;
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Opens the workspace the `workspace` attribute names (shared with the page's other elements). */
  private async resolveWorkspace(): Promise<void> {
    const name = this.workspaceName;
    if (!name || this.workspace?.name === name) return;
    try {
      const workspace = await sharedWorkspace(name, { create: (this.constructor as typeof SieveElement).createsWorkspace });
      if (this.workspaceName !== name) return;
      if (this.configError.startsWith('workspace=')) this.configError = '';
      this.workspace = workspace;
    } catch (error) {
      if (this.workspaceName === name) this.showConfigError('workspace', name, error as Error);
    }
  }

  /**
   * Resolves an attribute that names something in the workspace (`find` gives its id), then
   * `apply`s the id; when nothing matches, the element shows why. A later value wins.
   */
  protected async resolveNamed(attribute: string, ref: string | undefined, find: (workspace: Workspace, ref: string) => Promise<string>, apply: (id: string) => void): Promise<void> {
    const generation = (this.resolutions.get(attribute) ?? 0) + 1;
    this.resolutions.set(attribute, generation);
    if (!ref || !this.workspace) return;
    try {
      const id = await find(this.workspace, ref);
      if (this.resolutions.get(attribute) !== generation) return;
      if (this.configError.startsWith(`${attribute}=`)) this.configError = '';
      apply(id);
    } catch (error) {
      if (this.resolutions.get(attribute) === generation) this.showConfigError(attribute, ref, error as Error);
    }
  }

  private showConfigError(attribute: string, value: string, error: Error): void {
    this.configError = `${attribute}="${value}": ${error.message}`;
    console.error(`<${this.localName} ${attribute}="${value}">: ${error.message}`);
  }

  /** The id of the dataset `ref` names (an id first, then a name); elements that create datasets override it. */
  protected async findDataset(workspace: Workspace, ref: string): Promise<string> {
    const datasets = await workspace.datasets.list();
    const found = datasets.find((d) => d.id === ref) ?? datasets.find((d) => d.name === ref);
    if (!found) throw new Error(`No dataset with that name or id in workspace "${workspace.name}" (it has: ${datasets.map((d) => `"${d.name}"`).join(', ') || 'none'})`);
    return found.id;
  }

  /** The message shown instead of the element's content when its attributes do not resolve. */
  protected configErrorView() {
    return html`<p class="error" role="alert">${this.configError}</p>`;
  }
}

/**
 * The id of the run `ref` names: a run id, or an experiment name (its newest finished run, on
 * `datasetId` when given).
 */
export async function findRun(workspace: Workspace, ref: string, datasetId: string | undefined): Promise<string> {
  const runs = await workspace.runs.list({ datasetId });
  const found = runs.find((r) => r.id === ref) ?? runs.find((r) => r.experiment === ref && r.status === 'FINISHED');
  if (!found) throw new Error(`No run with that id, and no finished run of an experiment of that name, in workspace "${workspace.name}"`);
  return found.id;
}
