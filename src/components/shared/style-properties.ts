import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets CSS properties on an element through the CSSOM (`style.setProperty`), on the first render
 * too: unlike a `style` attribute (or lit's styleMap, whose first render writes one), a
 * Content-Security-Policy without 'unsafe-inline' styles allows it. Use on an element:
 * `<div ${styleProperties({ top: '32px' })}>`. The keys must stay the same between renders.
 */
class StyleProperties extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('styleProperties() belongs on an element: <div ${styleProperties({...})}>');
  }

  render(_properties: Record<string, string>) {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [Record<string, string>]) {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(properties)) if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    return noChange;
  }
}

/** CSS properties set through the CSSOM (see StyleProperties). */
export const styleProperties = directive(StyleProperties);
