import type * as vscode from 'vscode';

/** Disposes all, in reverse order; one failing dispose does not stop the others. */
export function disposeAll(
  disposables: vscode.Disposable[],
  onError: (error: unknown) => void = () => undefined,
): void {
  while (disposables.length) {
    const disposable = disposables.pop();
    try {
      disposable?.dispose();
    } catch (error) {
      onError(error);
    }
  }
}

/** Base for services that own registrations. */
export abstract class DisposableStore implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    this.disposed = true;
    disposeAll(this.disposables);
  }
}
