import { useState } from 'preact/hooks';
import { isTokenShaped } from '../session.ts';

const ELECTION_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Paste a token (or open a `#token=` link); it is kept for this tab only. */
export function SignIn({
  message,
  electionId,
  onSignIn,
}: {
  message: string | undefined;
  electionId: string;
  onSignIn: (token: string, electionId: string) => void;
}) {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const token = String(form.get('token') ?? '').trim();
    const election = String(form.get('election') ?? '').trim();
    if (!isTokenShaped(token)) {
      setProblem('Mã truy cập không đúng dạng: hãy dán nguyên mã được cấp, không thêm khoảng trắng.');
      return;
    }
    if (!ELECTION_ID.test(election)) {
      setProblem('Mã cuộc bầu cử chỉ gồm chữ không dấu, số và các dấu . _ : -');
      return;
    }
    setProblem(undefined);
    onSignIn(token, election);
  };
  const shown = problem ?? message;
  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <h1>Đăng nhập trang theo dõi kết quả bầu cử</h1>
      <p>
        Dán mã truy cập mà cơ quan của bạn được cấp, hoặc mở đường liên kết đăng nhập đã được gửi cho bạn. Mã
        chỉ được giữ trong thẻ trình duyệt này và mất khi đóng thẻ.
      </p>
      {shown && (
        <p class="form-problem" role="alert">
          {shown}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <label for="token">Mã truy cập</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          required
          aria-describedby="token-help"
        />
        <p id="token-help" class="muted">
          Mã bắt đầu bằng “vnel_”.
        </p>
        <label for="election">Mã cuộc bầu cử</label>
        <input
          id="election"
          name="election"
          type="text"
          defaultValue={electionId}
          required
          spellcheck={false}
        />
        <button type="submit">Đăng nhập</button>
      </form>
    </main>
  );
}
