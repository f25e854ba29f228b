import { describe, expect, it } from 'vitest';
import { splitInvitation } from './body';

describe('splitInvitation', () => {
  it('takes the closing invitation to respond out of the body', () => {
    const invitation = 'If you are passionate about this – we would like to hear from you.';
    expect(splitInvitation(`One.\n\nTwo.\n\n${invitation}`)).toEqual({ body: 'One.\n\nTwo.', invitation });
    expect(splitInvitation('One.\n \n We would like to HEAR FROM YOU\n\n')).toEqual({
      body: 'One.',
      invitation: 'We would like to HEAR FROM YOU',
    });
  });

  it('leaves a body without a closing invitation alone', () => {
    for (const body of [
      'We would like to hear from you.\n\nThe end.',
      'One.\n\nNice to hear from yourself.',
      // A paragraph of two lines is not the invitation, nor is a body that is nothing else.
      'One.\n\nTwo lines,\nand we would like to hear from you.',
      'We would like to hear from you.',
      '',
    ]) {
      expect(splitInvitation(body)).toEqual({ body, invitation: '' });
    }
  });
});
