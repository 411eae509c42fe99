import { currentToken, signIn } from './services/request'

App({
  onLaunch() {
    // Sign in early so the first page does not wait; pages sign in by themselves when this fails.
    if (!currentToken()) signIn().catch(() => undefined)
  },
})
